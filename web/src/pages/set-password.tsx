import { type FormEvent, useState } from 'react';
import { api, call } from '../api/client';
import { Link, navigate, useLocation } from '../router';

const MIN_LENGTH = 10;

/**
 * Behind the links of the welcome, teacher-welcome and password-reset emails
 * (PUBLIC_URL/set-password?token=…). Without a token it asks for the address to send a link to.
 */
export function SetPasswordPage() {
  const { query } = useLocation();
  const token = query.get('token');
  return token ? <ChoosePassword token={token} /> : <AskForLink expired={false} />;
}

function ChoosePassword({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [deadLink, setDeadLink] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (password.length < MIN_LENGTH) return setProblem(`Choose a password of at least ${MIN_LENGTH} characters.`);
    if (password !== again) return setProblem('The two passwords are not the same. Type the same password twice.');
    setBusy(true);
    const outcome = await call(() => api.POST('/api/v1/auth/set-password', { body: { token, password } }));
    setBusy(false);
    if (outcome.ok) return navigate('/sign-in?passwordSet=1', { replace: true });
    // The token is the only thing a person cannot fix: the link is unknown, used or expired.
    const said = JSON.stringify(outcome.error?.message ?? '');
    if (outcome.status === 400 && (/link|token/i.test(said) || !/password/i.test(said))) return setDeadLink(true);
    setProblem(outcome.problem);
  }

  if (deadLink) return <AskForLink expired />;
  return (
    <>
      <h1>Choose your password</h1>
      <form onSubmit={submit}>
        <label htmlFor="password">New password (at least {MIN_LENGTH} characters)</label>
        <input id="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <label htmlFor="again">The same password again</label>
        <input id="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          Set my password
        </button>
      </form>
    </>
  );
}

function AskForLink({ expired }: { expired: boolean }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const outcome = await call(() => api.POST('/api/v1/auth/password-reset', { body: { email: email.trim() } }));
    if (!outcome.ok) return setProblem(outcome.status === 400 ? 'Enter the email address you use with the academy.' : outcome.problem);
    setSent(true);
  }

  return (
    <>
      <h1>{expired ? 'This link has expired or was already used' : 'Get a link to choose a password'}</h1>
      {expired && (
        <p className="problem" role="alert">
          Each link works once, and only for a while (a welcome link for 7 days, a reset link for one hour). If you already chose a password,{' '}
          <Link href="/sign-in">sign in</Link>. Otherwise ask for a new link below.
        </p>
      )}
      {sent ? (
        <p className="done">If this address has an account with us, we have emailed it a link to choose a password. The link works for one hour.</p>
      ) : (
        <form onSubmit={submit}>
          <label htmlFor="reset-email">Your email address</label>
          <input id="reset-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          {problem && (
            <p className="problem" role="alert">
              {problem}
            </p>
          )}
          <button type="submit">Email me a link</button>
        </form>
      )}
    </>
  );
}
