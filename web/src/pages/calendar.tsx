import { useEffect, useState } from 'react';
import { api, call, session } from '../api/client';
import type { components } from '../api/openapi';
import { Link, navigate } from '../router';

type Me = components['schemas']['MeResponse'];
type Subscription = components['schemas']['CalendarSubscriptionResponse'];

/** A signed-in parent or teacher subscribes their calendar app to their lessons. */
export function CalendarPage() {
  const [me, setMe] = useState<Me | null>(null);
  const [subscription, setSubscription] = useState<Subscription | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!session.token) return navigate('/sign-in?next=/calendar', { replace: true });
    void call(() => api.GET('/api/v1/auth/me')).then((outcome) => {
      if (outcome.ok) return setMe(outcome.data);
      if (outcome.status === 401) {
        session.signOut();
        return navigate('/sign-in?next=/calendar', { replace: true });
      }
      setProblem(outcome.problem);
    });
  }, []);

  const wording = (status: number) =>
    status === 401 ? 'Your sign-in has ended. Sign in again.' : status === 404 ? 'There is no calendar for this account yet (no lessons are linked to it).' : undefined;

  async function create() {
    setBusy(true);
    setProblem(null);
    const outcome = await call(() => api.POST('/api/v1/calendar-subscriptions', { body: {} }), wording);
    setBusy(false);
    if (!outcome.ok) return setProblem(outcome.problem);
    setSubscription(outcome.data);
    setRevoked(false);
  }

  async function revoke() {
    setBusy(true);
    setProblem(null);
    const outcome = await call(() => api.DELETE('/api/v1/calendar-subscriptions', { params: { query: {} } }), wording);
    setBusy(false);
    if (!outcome.ok) return setProblem(outcome.problem);
    setSubscription(null);
    setRevoked(true);
  }

  function signOut() {
    const refreshToken = session.refreshToken;
    if (refreshToken) void api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    session.signOut();
    navigate('/sign-in');
  }

  if (!me)
    return problem ? (
      <p className="problem" role="alert">
        {problem}
      </p>
    ) : (
      <p>Loading…</p>
    );
  if (me.role !== 'parent' && me.role !== 'teacher')
    return (
      <>
        <h1>Calendar subscription</h1>
        <p>
          Signed in as {me.displayName}. Calendar links are for parents and teachers; the office creates one for someone else through the API
          (<code>POST /api/v1/calendar-subscriptions</code> with a teacherId or parentId).
        </p>
        <button onClick={signOut}>Sign out</button>
      </>
    );
  const whose = me.role === 'parent' ? "your family's lessons" : 'your lessons';
  return (
    <>
      <h1>Subscribe to {whose}</h1>
      <p>
        Signed in as {me.displayName}. Your calendar app can show {whose} and keep them up to date (it checks about once an hour). The link is secret:
        anyone who has it sees the lessons, so do not share it.
      </p>
      {subscription ? (
        <>
          <p className="done">Here is your calendar link. It is shown once: copy it now. Any earlier link has stopped working.</p>
          <UrlField label="Calendar link (https)" id="calendar-url" value={subscription.url} />
          <UrlField label="The same link for Apple Calendar and Outlook (webcal)" id="calendar-webcal" value={subscription.webcalUrl} />
          <h2>Add it to your calendar app</h2>
          <ul>
            <li>
              <strong>Google Calendar</strong> (on a computer): Other calendars, +, From URL. Paste the https link, then Add calendar.
            </li>
            <li>
              <strong>Apple Calendar</strong>: on a Mac, File, New Calendar Subscription, paste the link; on an iPhone, Settings, Calendar, Accounts,
              Add Account, Other, Add Subscribed Calendar. Or open the <a href={subscription.webcalUrl}>webcal link</a> on the device.
            </li>
            <li>
              <strong>Outlook</strong>: Add calendar, Subscribe from web, paste the link, Import.
            </li>
          </ul>
          <button onClick={create} disabled={busy}>
            Get a new link (the current one stops working)
          </button>
          <button onClick={revoke} disabled={busy}>
            Stop sharing (turn the link off)
          </button>
        </>
      ) : (
        <>
          {revoked && <p className="done">The calendar link is turned off. Calendar apps that used it stop showing new changes.</p>}
          <p className="hint">Creating a link turns off any link you created before.</p>
          <button className="primary" onClick={create} disabled={busy}>
            Create my calendar link
          </button>
          {!revoked && (
            <button onClick={revoke} disabled={busy}>
              Turn off my existing link
            </button>
          )}
        </>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <p>
        <button onClick={signOut}>Sign out</button> <Link href="/">Home</Link>
      </p>
    </>
  );
}

function UrlField({ label, id, value }: { label: string; id: string; value: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  }
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="url">
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </>
  );
}
