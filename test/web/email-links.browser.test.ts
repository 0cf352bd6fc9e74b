import { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { freshPage, launchChromium } from '../support/browser';
import { enrollmentApplication } from '../support/fixtures';
import { ALL_WEEK, startWebApp, WebApp } from '../support/web-app';

const DAY = 24 * 60 * 60 * 1000;

/** The pages behind the links the academy emails, opened in Chromium as a person would. */
describe('the emailed links, in Chromium', () => {
  const clock = new ManualClock(new Date());
  let w: WebApp;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [w, browser] = await Promise.all([startWebApp({ clock }), launchChromium()]);
    const teacher = await w.as(w.t.http.post('/api/v1/teachers')).send({
      firstName: 'Glenn', lastName: 'Gould', email: `glenn-${newId().slice(0, 6)}@example.com`, instruments: ['piano'], hourlyRate: 70, maxStudents: 20, availability: ALL_WEEK,
    });
    expect(teacher.status).toBe(201);
  });
  beforeEach(async () => ({ page, problems } = await freshPage(browser)));
  afterEach(async () => {
    // Chromium runs as one process (Chromium.args): closing a context would end it, so only the page closes.
    await page.close();
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await w?.t.close();
  });

  const registerTeacher = async (name: string) => {
    const email = `${name}-${newId().slice(0, 6)}@example.com`;
    const res = await w.as(w.t.http.post('/api/v1/teachers')).send({ firstName: name, lastName: 'Teacher', email, instruments: ['guitar'], hourlyRate: 60, availability: ALL_WEEK });
    expect(res.status).toBe(201);
    return { email, link: w.linkIn((await w.email(email, 'teacher-welcome')).text, '/set-password?token=') };
  };
  const choosePassword = async (link: string, password: string) => {
    await page.goto(link);
    await page.fill('#password', password);
    await page.fill('#again', password);
    await page.click('button[type=submit]');
  };
  const signIn = async (email: string, password: string) => {
    await page.goto(`${w.base}/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
  };

  it('a teacher\'s invitation link works once: used again it says so, and offers a new link', async () => {
    const { email, link } = await registerTeacher('Ana');
    await choosePassword(link, 'short');
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('at least 10 characters');
    await choosePassword(link, 'ana-plays-guitar');
    await page.waitForSelector('text=Your password is set');
    await signIn(email, 'ana-plays-guitar');
    await page.waitForSelector('text=Subscribe to your lessons');

    await choosePassword(link, 'someone-elses-password');
    await page.waitForSelector('h1:has-text("This link has expired or was already used")');
    await page.waitForSelector('#reset-email');
    await signIn(email, 'someone-elses-password');
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('do not match');
  });

  it('an invitation link past its 7 days says it expired', async () => {
    const { link } = await registerTeacher('Ben');
    clock.advance(7 * DAY + 60_000);
    try {
      await choosePassword(link, 'ben-plays-guitar');
      await page.waitForSelector('h1:has-text("This link has expired or was already used")');
    } finally {
      clock.advance(-(7 * DAY + 60_000));
    }
  });

  it('a forgotten password: asked for on the page, the reset email\'s link sets a new one', async () => {
    const { email, link } = await registerTeacher('Cleo');
    await choosePassword(link, 'cleo-first-password');
    await page.waitForSelector('text=Your password is set');
    await page.click('text=Get a link to choose one');
    await page.fill('#reset-email', email);
    await page.click('text=Email me a link');
    await page.waitForSelector('text=If this address has an account with us');
    const reset = w.linkIn((await w.email(email, 'password-reset')).text, '/set-password?token=');
    await choosePassword(reset, 'cleo-second-password');
    await page.waitForSelector('text=Your password is set');
    await signIn(email, 'cleo-first-password');
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('do not match');
    await signIn(email, 'cleo-second-password');
    await page.waitForURL(`${w.base}/calendar`);
  });

  it('says so in plain words when the server cannot be reached', async () => {
    await page.route('**/api/v1/auth/login', (route) => route.abort('connectionrefused'));
    await signIn('anyone@example.com', 'whatever-password');
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('could not reach the academy');
  });

  it('a wrong or cut follow link says it is not valid', async () => {
    const res = await w.t.http.post('/api/v1/enrollments').send(enrollmentApplication());
    await page.goto(res.body.followUrl.replace(/token=.{4}/, 'token=abcd'));
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('not valid');
    await page.goto(`${w.base}/enrollments/follow?enrollment=${res.body.enrollmentId}`);
    expect(await (await page.waitForSelector('[role=alert]')).textContent()).toContain('incomplete');
  });

  describe('a family confirms or declines an enrollment naming its address', () => {
    let family: string;
    beforeAll(async () => {
      const first = enrollmentApplication({ studentFirstName: 'Ada' });
      const res = await w.t.http.post('/api/v1/enrollments').send(first);
      expect((await w.settled(res.body.enrollmentId)).status).toBe('completed');
      family = first.parentEmail;
    });
    const held = async (studentFirstName: string) => {
      const res = await w.t.http.post('/api/v1/enrollments').send(enrollmentApplication({ parentEmail: family, studentFirstName }));
      expect((await w.settled(res.body.enrollmentId)).status).toBe('awaiting-family-confirmation');
      const emails = await w.as(w.t.http.get('/api/v1/admin/emails')).query({ recipient: family, template: 'family-confirmation' });
      for (const e of emails.body.items) {
        const text = (await w.as(w.t.http.get(`/api/v1/admin/emails/${e.id}`))).body.text as string;
        if (text.includes(res.body.enrollmentId)) return { ...res.body, link: w.linkIn(text, '/enrollments/confirm?') };
      }
      throw new Error('no confirmation email for the enrollment');
    };

    it('its follow page reads exactly as a new family\'s, until the family confirms with a button press', async () => {
      const asked = await held('Lily');
      const stranger = await w.t.http.post('/api/v1/enrollments').send(enrollmentApplication({ studentFirstName: 'Lily' }));
      expect((await w.settled(stranger.body.enrollmentId)).status).toBe('completed');
      const followText = async (url: string) => {
        await page.goto(url);
        await page.waitForSelector('[data-testid=received]');
        return page.textContent('main');
      };
      expect(await followText(asked.followUrl)).toBe(await followText(stranger.body.followUrl));

      // Opening the emailed link changes nothing (mail scanners open links too).
      await page.goto(asked.link);
      await page.waitForSelector('text=Yes, enroll Lily');
      expect((await w.settled(asked.enrollmentId)).status).toBe('awaiting-family-confirmation');
      await page.click('text=Yes, enroll Lily');
      await page.waitForSelector('h1:has-text("Lily is being enrolled")');
      expect((await w.settled(asked.enrollmentId)).status).toBe('completed');
      await page.goto(asked.followUrl);
      expect(await (await page.waitForSelector('[data-testid=progress]')).textContent()).toContain('Glenn Gould');
      // The link is spent: answering again is refused in plain words.
      await page.goto(asked.link);
      await page.waitForSelector('text=Lily is being enrolled');
    });

    it('"this wasn\'t us" declines: nothing is created, and the follow page never shows progress', async () => {
      const asked = await held('Mallory');
      await page.goto(asked.link);
      await page.click("text=This wasn't us");
      await page.waitForSelector('h1:has-text("Thank you, nothing was created")');
      expect((await w.settled(asked.enrollmentId)).status).toBe('declined');
      await page.goto(asked.followUrl);
      await page.waitForSelector('[data-testid=received]');
    });
  });
});
