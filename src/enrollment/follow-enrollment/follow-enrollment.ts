import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor } from '../../cqrs/command-executor';
import { notFound } from '../../shared/domain-error';
import { enrollmentDecider, EnrollmentState } from '../enrollment.decider';
import { EnrollmentEvent, enrollmentStream } from '../enrollment.events';
import { followView, FollowView } from './follow-view';
import { isEnrollmentFollowToken } from './follow-token';

const NOT_FOUND = () => notFound('FOLLOW_LINK_NOT_FOUND', 'this follow link is not valid');

/** Reads an enrollment for its follow link, from its own stream (never a lagging read model). */
@Injectable()
export class FollowEnrollment {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(enrollmentId: string, token: string): Promise<FollowView> {
    // A wrong token and an unknown enrollment read alike: the link cannot probe enrollments.
    if (!isEnrollmentFollowToken(this.config.jwtSecret, enrollmentId, token)) throw NOT_FOUND();
    const { state, events: stored } = await this.executor.history<EnrollmentState, EnrollmentEvent>(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
    );
    const events = stored as unknown as EnrollmentEvent[];
    if (state.status === 'none') throw NOT_FOUND();
    let reason: string | null = null;
    for (const e of events) {
      if (e.type === 'EnrollmentRejected' || e.type === 'EnrollmentWaitlisted' || e.type === 'StudentAccountFailed')
        reason = e.data.reason;
    }
    const db = this.em.fork();
    const parentId = state.family?.parentId ?? null;
    const passwordSet = parentId
      ? (await db.execute('SELECT 1 FROM user_credentials WHERE user_id = ?', [parentId])).length > 0
      : false;
    const teacher = state.teacherId
      ? (
          await db.execute<{ first_name: string; last_name: string }[]>(
            'SELECT first_name, last_name FROM teachers WHERE id = ?',
            [state.teacherId],
          )
        )[0]
      : undefined;
    return followView(state, {
      passwordSet,
      reason,
      teacherName: teacher ? `${teacher.first_name} ${teacher.last_name}` : null,
      timeZone: this.config.academyTimezone,
    });
  }
}
