import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { enrollmentStream } from '../../enrollment/enrollment.events';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { userStream } from '../../identity/user.events';
import { lessonStream } from '../../lessons/lesson.events';
import { Clock } from '../../shared/clock';
import { conflict, notFound } from '../../shared/domain-error';
import { studentStream } from '../../students/student.events';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { familyDecider } from '../family.decider';
import { familyStream } from '../family.events';
import { FamilyKeys } from '../family-keys';
import { ERASED } from '../personal-data';

export interface ForgetResult {
  familyId: string;
  status: 'forgotten';
  forgottenAt: string;
  /** false when the family had been forgotten before (nothing new was done) */
  erasedNow: boolean;
  students: number;
  enrollments: number;
  lessons: number;
}

/** Projections that hold family data and scrub it on FamilyForgotten. */
const SCRUBBING_PROJECTIONS = ['users', 'students', 'enrollments', 'lessons'];

/**
 * Erases a family: destroys its data key (every personal value in the log becomes unreadable),
 * records FamilyForgotten (read models scrub their rows), and scrubs what lives outside the log
 * (sign-in credentials and sessions, password links, calendar URLs, queued and sent emails).
 */
@Injectable()
export class ForgetFamilyService {
  private readonly logger = new Logger(ForgetFamilyService.name);

  constructor(
    private readonly keys: FamilyKeys,
    private readonly em: EntityManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
    private readonly clock: Clock,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async forget(familyId: string): Promise<ForgetResult> {
    const em = this.em.fork();
    const subjects = await em.execute<{ subject_id: string; kind: string }[]>(
      'SELECT subject_id, kind FROM family_subjects WHERE family_id = ? ORDER BY subject_id',
      [familyId],
    );
    const ids = (kind: string) => subjects.filter((s) => s.kind === kind).map((s) => s.subject_id);
    const studentIds = ids('student');
    const enrollmentIds = ids('enrollment');
    const lessonIds = ids('lesson');
    if (enrollmentIds.length) {
      // A workflow still deciding on the family's data would find it gone halfway: let it finish first.
      const busy = await em.execute<{ id: string }[]>(
        `SELECT id FROM enrollments WHERE id IN (?) AND status IN ('pending', 'running')`,
        [enrollmentIds],
      );
      if (busy.length)
        throw conflict(
          'ENROLLMENT_IN_PROGRESS',
          `enrollment ${busy[0].id} of this family is still being processed; try again when it has finished`,
        );
    }
    const streams = [
      userStream(familyId),
      ...studentIds.map(studentStream),
      ...enrollmentIds.map(enrollmentStream),
      ...lessonIds.map(lessonStream),
    ];
    // What the outbox holds of the family is found through its events, read while they still decrypt.
    const emails = new Set<string>();
    const eventIds: string[] = [];
    for (const stream of streams) {
      for (const e of await this.store.readStream(stream)) {
        eventIds.push(e.eventId);
        const d = e.data as { email?: unknown; application?: { parentEmail?: unknown; studentEmail?: unknown } };
        for (const v of [d.email, d.application?.parentEmail, d.application?.studentEmail]) {
          if (typeof v === 'string' && v !== ERASED) emails.add(v.trim().toLowerCase());
        }
      }
    }

    const destroyed = await this.keys.forget(familyId, this.clock.now());
    if (!destroyed) throw notFound('FAMILY_NOT_FOUND', `no family ${familyId}`);

    const result = await this.executor.execute(
      familyStream(familyId),
      familyDecider,
      { type: 'ForgetFamily', familyId, studentIds, enrollmentIds, lessonIds, at: destroyed.forgottenAt },
      this.contexts.create(),
    );

    await em.transactional(async (tx) => {
      await tx.execute('DELETE FROM user_credentials WHERE user_id = ?', [familyId]);
      await tx.execute('DELETE FROM password_tokens WHERE user_id = ?', [familyId]);
      // Signed-in sessions end now: their access tokens are refused and their refresh tokens are gone.
      await tx.execute('UPDATE auth_sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL', [
        this.clock.now(),
        familyId,
      ]);
      await tx.execute('DELETE FROM refresh_tokens WHERE user_id = ?', [familyId]);
      // the family's calendar URL stops answering (calendar apps keep polling it)
      await tx.execute(`DELETE FROM calendar_subscriptions WHERE owner_kind = 'family' AND owner_id = ?`, [familyId]);
      const recipients = [...emails];
      if (recipients.length || eventIds.length) {
        await tx.execute(
          `UPDATE email_outbox
              SET recipient = ?, data = '{}'::jsonb, subject = ?, text_body = ?, html_body = ?,
                  status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
                  last_error = CASE WHEN status IN ('pending', 'sending') THEN 'not sent: the family was erased'
                                    ELSE last_error END
            WHERE ${recipients.length ? 'lower(recipient) IN (?)' : 'false'}
               OR ${eventIds.length ? 'caused_by_event_id IN (?)' : 'false'}`,
          [
            ERASED,
            ERASED,
            ERASED,
            ERASED,
            ...(recipients.length ? [recipients] : []),
            ...(eventIds.length ? [eventIds] : []),
          ],
        );
      }
    });

    if (result.events.length) {
      this.logger.log(
        `family ${familyId} forgotten: ${studentIds.length} students, ${enrollmentIds.length} enrollments, ` +
          `${lessonIds.length} lessons`,
      );
      await Promise.all(SCRUBBING_PROJECTIONS.map((p) => this.subscriptions.waitFor(p, result.position, 5000)));
    }
    return {
      familyId,
      status: 'forgotten',
      forgottenAt: destroyed.forgottenAt,
      erasedNow: !destroyed.already,
      students: studentIds.length,
      enrollments: enrollmentIds.length,
      lessons: lessonIds.length,
    };
  }
}
