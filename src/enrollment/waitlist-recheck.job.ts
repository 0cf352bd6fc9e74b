import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EnrollmentRow } from '../../projections/enrollments/enrollment.entity';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { CommandExecutor } from '../cqrs/command-executor';
import { JobProvider, jobCommandContext, ScheduledJob } from '../jobs/job';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { enrollmentDecider } from './enrollment.decider';
import { EnrollmentEvent, enrollmentStream } from './enrollment.events';

/** How many times an enrollment has been waitlisted: each stay on the list is resumed at most once. */
const timesWaitlisted = { initialState: () => 0, evolve: (n: number, e: EnrollmentEvent) => (e.type === 'EnrollmentWaitlisted' ? n + 1 : n) };

/**
 * The waitlist's safety net. The waitlist saga resumes enrollments when a teacher is registered
 * or frees a seat; this job also catches room that appeared otherwise (a raised student limit,
 * an event handled while the read models lagged). For each instrument, as many waitlisted
 * enrollments as there are free seats resume, oldest first; resuming sends the family the
 * waitlist-resumed email (see WaitlistResumedEmail).
 */
@JobProvider()
@Injectable()
export class WaitlistRecheckJob implements ScheduledJob {
  readonly name = 'waitlist-recheck';
  readonly description = 're-run matching for waitlisted enrollments of instruments where a teacher has room';
  readonly defaultSchedule = '15m';

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    for (const model of ['teachers', 'enrollments']) {
      if (!(await this.subscriptions.waitUntilCaughtUp(model, 10_000))) throw new Error(`the ${model} read model is behind`);
    }
    const em = this.em.fork();
    const waiting = await em.find(EnrollmentRow, { status: 'waitlisted' }, { orderBy: { arrival: 'asc' } });
    const counts = { resumed: 0, waiting: waiting.length };
    if (waiting.length === 0) return counts;
    const teachers = await em.find(TeacherRow, { active: true });
    const room = new Map<string, number>();
    for (const t of teachers) {
      const free = Math.max(0, t.maxStudents - t.currentStudents);
      for (const instrument of t.instruments) room.set(instrument, (room.get(instrument) ?? 0) + free);
    }
    for (const enrollment of waiting) {
      const seats = room.get(enrollment.instrument) ?? 0;
      if (seats <= 0) continue;
      const stay = await this.executor.load<number, EnrollmentEvent>(enrollmentStream(enrollment.id), timesWaitlisted);
      const result = await this.executor.execute(
        enrollmentStream(enrollment.id),
        enrollmentDecider,
        { type: 'ResumeEnrollment', enrollmentId: enrollment.id },
        jobCommandContext(this.name, `${enrollment.id}:waitlisted-${stay}`, now),
      );
      // Resumed meanwhile by the saga (the row was behind): the seat goes to the next one all the same.
      if (result.events.length > 0 || result.alreadyApplied) {
        room.set(enrollment.instrument, seats - 1);
        if (result.events.length > 0) counts.resumed += 1;
      }
    }
    return counts;
  }
}
