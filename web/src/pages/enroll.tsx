import { type FormEvent, useState } from 'react';
import { api, call } from '../api/client';
import type { components } from '../api/openapi';
import { Link } from '../router';

type Form = components['schemas']['SubmitEnrollmentDto'];
type Instrument = Form['instrument'];
const INSTRUMENTS: readonly Instrument[] = ['piano', 'guitar', 'violin', 'drums', 'voice'];

type Submitted = components['schemas']['SubmittedEnrollmentResponse'];

const FIELDS: { name: keyof Form; label: string; type?: string; autoComplete?: string; hint?: string }[] = [
  { name: 'studentFirstName', label: "Child's first name" },
  { name: 'studentLastName', label: "Child's last name" },
  { name: 'studentDateOfBirth', label: "Child's date of birth", type: 'date' },
  { name: 'parentFirstName', label: 'Your first name', autoComplete: 'given-name' },
  { name: 'parentLastName', label: 'Your last name', autoComplete: 'family-name' },
  { name: 'parentEmail', label: 'Your email', type: 'email', autoComplete: 'email' },
  { name: 'parentPhone', label: 'Your phone', type: 'tel', autoComplete: 'tel', hint: '10 digits, for example 9025550123' },
  { name: 'paymentToken', label: 'Card', hint: 'the payment method from the card form (test mode: pm_card_visa)' },
];

/** The public enrollment form: sends to the API, then gives the secret link to follow it. */
export function EnrollPage() {
  const [values, setValues] = useState<Record<string, string>>({ instrument: 'piano', lessonDuration: '30' });
  const [agreed, setAgreed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const set = (name: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (!agreed) return setProblem('Please agree to the terms to send the form.');
    setBusy(true);
    const body: Form = {
      studentFirstName: values.studentFirstName ?? '',
      studentLastName: values.studentLastName ?? '',
      studentDateOfBirth: values.studentDateOfBirth ?? '',
      parentFirstName: values.parentFirstName ?? '',
      parentLastName: values.parentLastName ?? '',
      parentEmail: (values.parentEmail ?? '').trim(),
      parentPhone: (values.parentPhone ?? '').replace(/[\s().-]/g, ''),
      instrument: values.instrument as Instrument,
      lessonDuration: Number(values.lessonDuration),
      paymentToken: (values.paymentToken ?? '').trim(),
      agreedToTerms: true,
    };
    const outcome = await call(
      () => api.POST('/api/v1/enrollments', { body }),
      (status, error) =>
        status === 400
          ? `Please check the form: ${([] as string[]).concat(error?.message ?? 'a field is missing').join('; ')}.`
          : status === 429
            ? 'Too many forms were sent from here just now. Wait a minute and send it again.'
            : undefined,
    );
    setBusy(false);
    if (!outcome.ok) return setProblem(outcome.problem);
    setSubmitted(outcome.data);
  }

  if (submitted)
    return (
      <>
        <h1>Thank you, we have your form</h1>
        <p>We have emailed the parent at the address you gave. The next step is in that email.</p>
        {submitted.followUrl ? (
          <p>
            Keep this secret link to follow the enrollment: <Link href={new URL(submitted.followUrl).pathname + new URL(submitted.followUrl).search} id="follow-link">follow the enrollment</Link>
            <br />
            <code className="hint">{submitted.followUrl}</code>
          </p>
        ) : (
          <p>This form was already sent: the same enrollment goes on. Use the follow link you were given the first time.</p>
        )}
      </>
    );
  return (
    <>
      <h1>Enroll a child</h1>
      <form onSubmit={submit} noValidate>
        {FIELDS.map((f) => (
          <div key={f.name}>
            <label htmlFor={f.name}>{f.label}</label>
            <input id={f.name} name={f.name} type={f.type ?? 'text'} autoComplete={f.autoComplete} value={values[f.name] ?? ''} onChange={set(f.name)} />
            {f.hint && <span className="hint">{f.hint}</span>}
          </div>
        ))}
        <label htmlFor="instrument">Instrument</label>
        <select id="instrument" value={values.instrument} onChange={set('instrument')}>
          {INSTRUMENTS.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
        <label htmlFor="lessonDuration">Lesson length</label>
        <select id="lessonDuration" value={values.lessonDuration} onChange={set('lessonDuration')}>
          {[15, 30, 45, 60].map((m) => (
            <option key={m} value={m}>
              {m} minutes
            </option>
          ))}
        </select>
        <label>
          <input id="agreedToTerms" type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />I agree to the academy's terms
        </label>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          Send the form
        </button>
      </form>
    </>
  );
}
