import { type FormEvent, useState } from 'react';
import { api, call, session } from '../api/client';
import { Link, navigate, useLocation } from '../router';

export function SignInPage() {
  const { query } = useLocation();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = query.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/calendar';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const outcome = await call(
      () => api.POST('/api/v1/auth/login', { body: { email: email.trim(), password } }),
      (status) =>
        status === 401
          ? 'That email and password do not match. Check both, or choose a new password below.'
          : status === 429
            ? 'Too many attempts. Wait a minute (longer after repeated failures) and try again.'
            : status === 400
              ? 'Enter your email address and your password.'
              : undefined,
    );
    setBusy(false);
    if (!outcome.ok) return setProblem(outcome.problem);
    session.signIn(outcome.data.accessToken, outcome.data.refreshToken);
    navigate(target);
  }

  return (
    <>
      <h1>Sign in</h1>
      {query.get('passwordSet') && <p className="done">Your password is set. Sign in with it now.</p>}
      <form onSubmit={submit}>
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p className="hint">
        No password yet, or forgot it? <Link href="/set-password">Get a link to choose one</Link>.
      </p>
    </>
  );
}
