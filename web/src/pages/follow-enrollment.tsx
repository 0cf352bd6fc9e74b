import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import type { components } from '../api/openapi';
import { useLocation } from '../router';

type FollowView = components['schemas']['FollowViewDto'];
type Progress = components['schemas']['FollowProgressDto'];

/** Plain words for where an enrollment stands. */
export const STATUS_WORDS: Record<string, string> = {
  pending: 'Received: we are checking the form.',
  running: 'In progress: we are setting up lessons.',
  'awaiting-family-confirmation': 'Waiting for the family to confirm by email.',
  waitlisted: 'On the waiting list: no teacher has room yet. We will email you when a place opens.',
  rejected: 'We could not accept this enrollment.',
  failed: 'We could not finish this enrollment. Please contact the office.',
  declined: 'The family said this enrollment was not theirs. Nothing was created.',
  expired: 'The family did not confirm in time. The form can be sent again.',
  completed: 'Enrolled: a teacher is assigned and the first lesson is booked.',
};

/** Behind the secret follow link the enrollment form gave (PUBLIC_URL/enrollments/follow?enrollment=…&token=…). */
export function FollowEnrollmentPage() {
  const { query } = useLocation();
  const enrollment = query.get('enrollment');
  const token = query.get('token');
  const [view, setView] = useState<FollowView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!enrollment || !token) return setProblem('This link is incomplete. Open the whole link you were given when you sent the form.');
    let stopped = false;
    const load = async () => {
      const outcome = await call(
        () => api.GET('/api/v1/enrollments/{id}/follow', { params: { path: { id: enrollment }, query: { token } } }),
        (status) => (status === 404 || status === 400 ? 'This follow link is not valid. Check that you opened the whole link you were given.' : undefined),
      );
      if (stopped) return;
      if (outcome.ok) {
        setView(outcome.data);
        setProblem(null);
      } else setProblem(outcome.problem);
    };
    void load();
    // Progress appears on its own: look again every half minute while the page is open.
    const timer = setInterval(load, 30_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [enrollment, token]);

  if (problem && !view)
    return (
      <>
        <h1>Follow an enrollment</h1>
        <p className="problem" role="alert">
          {problem}
        </p>
      </>
    );
  if (!view) return <p>Loading…</p>;
  return (
    <>
      <h1>
        Enrollment of {view.studentFirstName} in {view.instrument} lessons
      </h1>
      {view.stage === 'received' || !view.progress ? (
        <p data-testid="received">
          Received. We have emailed the parent at the address given on the form. Progress appears here once they follow the link in that email.
        </p>
      ) : (
        <ProgressView progress={view.progress} />
      )}
      {problem && <p className="problem">{problem}</p>}
    </>
  );
}

function ProgressView({ progress }: { progress: Progress }) {
  return (
    <dl data-testid="progress">
      <dt>Status</dt>
      <dd>{STATUS_WORDS[progress.status] ?? progress.status}</dd>
      <dt>Teacher</dt>
      <dd>{progress.teacherName ?? 'Not assigned yet'}</dd>
      <dt>First lesson</dt>
      <dd>{progress.demoLesson ? `${progress.demoLesson.academyTime} (the academy's time, ${progress.demoLesson.timeZone})` : 'Not booked yet'}</dd>
      {progress.reason && (
        <>
          <dt>Why</dt>
          <dd>{progress.reason.charAt(0).toUpperCase() + progress.reason.slice(1)}.</dd>
        </>
      )}
    </dl>
  );
}
