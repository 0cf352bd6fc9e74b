import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The client-side routes of the web pages (web/src/router.tsx lists the same). Only these answer
 * with index.html; /api, /docs, /metrics, the server-rendered confirmation page and every other
 * path keep the app's own answers (404s included).
 */
export const WEB_PAGES: readonly string[] = [
  '/',
  '/sign-in',
  '/set-password',
  '/calendar',
  '/enroll',
  '/enrollments/follow',
];

/** Where `npm run build` puts the web pages: web/dist at the project's root (found from here, built or not). */
export function webBuildDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'web', 'dist');
}

/**
 * Serves the built web pages: hashed assets under /assets (cached for a year; an unknown one is
 * the app's JSON 404), and index.html for the page routes (never cached, so a new build is
 * picked up). Without a build it says so once and serves no page.
 */
export function serveWebPages(app: NestExpressApplication, dir = webBuildDir()): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebPages').warn(`no web pages at ${dir}: run \`npm run build\` to build them`);
    return false;
  }
  const html = readFileSync(index);
  app.useStaticAssets(path.join(dir, 'assets'), {
    prefix: '/assets/',
    index: false,
    fallthrough: true,
    immutable: true,
    maxAge: '365d',
    redirect: false,
  });
  const pages = new Set(WEB_PAGES);
  app.use(
    (
      req: { method: string; path: string },
      res: { set(h: Record<string, string>): unknown; send(b: Buffer): unknown },
      next: () => void,
    ) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !pages.has(req.path)) return next();
      res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.send(html);
    },
  );
  return true;
}
