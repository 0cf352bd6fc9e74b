import Chromium from '@sparticuz/chromium';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * A real Chromium for the web pages' tests: @sparticuz/chromium ships the browser in the npm
 * package and unpacks it on first use (no download, no system package), driven by the
 * playwright-core version whose Chromium it matches (143).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await Chromium.executablePath(), args: Chromium.args, headless: true });
}

/** A fresh page (its own cookies and storage) that fails the test on a script error or a refused resource. */
export async function freshPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text()))
      problems.push(`console: ${msg.text()}`);
  });
  return { page, problems };
}
