import { Browser } from 'playwright-core';
import { newId } from '../../src/shared/ids';
import { freshPage, launchChromium } from '../support/browser';
import { withIcalJs } from '../support/ical-parsers';
import { ALL_WEEK, startWebApp, WebApp } from '../support/web-app';

/**
 * The "done": an owner registers a teacher; a family enrolls on the public form and
 * follows progress by its link; the parent opens the set-password link of the outbox email in
 * Chromium, sets a password, signs in and subscribes to the family calendar, whose URL answers
 * an iCalendar feed with the demo lesson.
 */
describe('a parent from the enrollment form to a subscribed calendar, in Chromium', () => {
  let w: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [w, browser] = await Promise.all([startWebApp(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await w?.t.close();
  });

  it('enrolls, follows, sets a password, signs in and subscribes', async () => {
    // The owner registers a teacher (the API: there is no admin console yet).
    const teacher = await w.as(w.t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara', lastName: 'Schumann', email: `clara-${newId().slice(0, 6)}@example.com`, instruments: ['piano'], hourlyRate: 65, maxStudents: 10, availability: ALL_WEEK,
    });
    expect(teacher.status).toBe(201);

    const { page, problems } = await freshPage(browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.base });
    const parentEmail = `mei-${newId().slice(0, 8)}@example.com`;

    // The public form.
    await page.goto(`${w.base}/enroll`);
    const fields: Record<string, string> = {
      studentFirstName: 'Lily', studentLastName: 'Chen', studentDateOfBirth: '2016-05-14', parentFirstName: 'Mei', parentLastName: 'Chen',
      parentEmail, parentPhone: '902 555 0123', paymentToken: 'pm_card_visa',
    };
    for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
    await page.selectOption('#instrument', 'piano');
    await page.click('button[type=submit]');
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('agree to the terms');
    await page.check('#agreedToTerms');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Thank you, we have your form');

    // It follows progress by its secret link: nothing to see until the parent answers our email.
    await page.click('#follow-link');
    await page.waitForSelector('[data-testid=received]');
    expect(await page.textContent('h1')).toBe('Enrollment of Lily in piano lessons');
    const followUrl = page.url();
    expect(followUrl).toMatch(new RegExp(`^${w.base}/enrollments/follow\\?enrollment=[\\w-]+&token=[\\w-]+$`));
    const enrollmentId = new URL(followUrl).searchParams.get('enrollment')!;
    expect((await w.settled(enrollmentId)).status).toBe('completed');
    await page.reload();
    await page.waitForSelector('[data-testid=received]');

    // The office reads the welcome email in the outbox; its set-password link opens in Chromium.
    const welcome = await w.email(parentEmail, 'parent-welcome');
    const setPassword = w.linkIn(welcome.text, '/set-password?token=');
    await page.goto(setPassword);
    await page.fill('#password', 'lily-plays-piano');
    await page.fill('#again', 'lily-plays-pianO');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('not the same');
    await page.fill('#again', 'lily-plays-piano');
    await page.click('button[type=submit]');
    await page.waitForURL(`${w.base}/sign-in?passwordSet=1`);
    await page.waitForSelector('text=Your password is set');

    // Signs in (a wrong password first: a plain answer), lands on the calendar page.
    await page.fill('#email', parentEmail);
    await page.fill('#password', 'not-my-password');
    await page.click('button[type=submit]');
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('do not match');
    await page.fill('#password', 'lily-plays-piano');
    await page.click('button[type=submit]');
    await page.waitForURL(`${w.base}/calendar`);
    await page.waitForSelector("text=Subscribe to your family's lessons");

    // Subscribes: the https and webcal URLs, a copy button, instructions.
    await page.click('text=Create my calendar link');
    const url = await (await page.waitForSelector('#calendar-url')).inputValue();
    expect(url).toMatch(new RegExp(`^${w.base}/api/v1/calendars/[\\w-]+\\.ics$`));
    expect(await page.inputValue('#calendar-webcal')).toBe(url.replace(/^http:/, 'webcal:'));
    for (const app of ['Google Calendar', 'Apple Calendar', 'Outlook']) expect(await page.textContent('main')).toContain(app);
    await page.click('#calendar-url ~ button');
    await page.waitForSelector('#calendar-url ~ button:has-text("Copied")');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);

    // The URL shown is a feed a calendar app reads: the demo lesson, by the child's first name.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const events = withIcalJs(await feed.text());
    expect(events).toHaveLength(1);
    expect(events[0].summary).toContain('Lily');

    // Rotates: a new URL, the old one answers 404 at once; revokes: that one too.
    await page.click('text=Get a new link');
    // Polled from here: a predicate evaluated in the page would need eval, which the pages' CSP forbids.
    for (let i = 0; i < 100 && (await page.inputValue('#calendar-url')) === url; i++) await page.waitForTimeout(100);
    const rotated = await page.inputValue('#calendar-url');
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(rotated)).status).toBe(200);
    await page.click('text=Stop sharing');
    await page.waitForSelector('text=The calendar link is turned off');
    expect((await fetch(rotated)).status).toBe(404);

    // The parent answered our email (set a password): the follow link now shows progress.
    await page.goto(followUrl);
    const progress = await (await page.waitForSelector('[data-testid=progress]')).textContent();
    expect(progress).toContain('Enrolled');
    expect(progress).toContain('Clara Schumann');
    expect(progress).toMatch(/\d+:\d\d [AP]M A[DS]T \(the academy's time, America\/Halifax\)/);
    expect(problems).toEqual([]);
  });
});
