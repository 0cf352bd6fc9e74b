import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EnrollmentRow } from '../../projections/enrollments/enrollment.entity';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { CommandBus } from '@nestjs/cqrs';
import { StudentRow } from '../../projections/students/student.entity';
import { CommandExecutor } from '../cqrs/command-executor';
import { studentDecider, StudentState } from '../students/student.decider';
import { studentStream } from '../students/student.events';
import { ReassignStudent } from '../teachers/deactivate-teacher/teacher-departure.workflow';
import { JobProvider, jobCommandContext, ScheduledJob } from '../jobs/job';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { enrollmentDecider } from './enrollment.decider';
import { EnrollmentEvent, enrollmentStream } from './enrollment.events';

/** How many times an enrollment has been waitlisted: each stay on the list is resumed at most once. */
const timesWaitlisted = {
  initialState: () => 0,
  evolve: (n: number, e: EnrollmentEvent) => (e.type === 'EnrollmentWaitlisted' ? n + 1 : n),
};

/**
 * The waitlist's safety net. The waitlist saga resumes enrollments when a teacher is registered
 * or frees a seat, and runs this pass at once when one is given more seats or another instrument,
 * or comes back; on its schedule the job catches room that appeared otherwise (an event handled
 * while the read models lagged). For each instrument, as many waitlisted
 * enrollments as there are free seats resume, oldest first; resuming sends the family the
 * waitlist-resumed email (see WaitlistResumedEmail).
 *
 * Before them, students whose teacher left and who found no other with room then (they are
 * the academy's students already) get the enrollment's matching again (ReassignStudent).
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
    private readonly commands: CommandBus,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    for (const model of ['teachers', 'enrollments', 'students']) {
      if (!(await this.subscriptions.waitUntilCaughtUp(model, 10_000)))
        throw new Error(`the ${model} read model is behind`);
    }
    const em = this.em.fork();
    const reassigned = await this.reassignStudents(em, now);
    // The seats just taken count against the room below.
    if (reassigned.reassigned && !(await this.subscriptions.waitUntilCaughtUp('teachers', 10_000)))
      throw new Error('the teachers read model is behind');
    const waiting = await em.find(EnrollmentRow, { status: 'waitlisted' }, { orderBy: { arrival: 'asc' } });
    const counts = { resumed: 0, waiting: waiting.length, ...reassigned };
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

  /** Students without a teacher since theirs left, oldest enrolment first: each tries the matching again. */
  private async reassignStudents(
    em: EntityManager,
    now: Date,
  ): Promise<{ reassigned: number; awaitingTeacher: number }> {
    const counts = { reassigned: 0, awaitingTeacher: 0 };
    const candidates = await em.find(
      StudentRow,
      { active: true, teacherId: null },
      { orderBy: { enrolledAt: 'asc' }, limit: 500 },
    );
    for (const row of candidates) {
      const student = await this.executor.load<StudentState, never>(studentStream(row.id), studentDecider);
      if (student.status !== 'active' || !student.awaitingTeacher) continue;
      const teacherId = await this.commands.execute<ReassignStudent, string | null>(
        new ReassignStudent(
          { studentId: row.id, leavingTeacherId: null },
          jobCommandContext(this.name, `${row.id}:reassign:${now.toISOString()}`, now),
        ),
      );
      if (teacherId) counts.reassigned += 1;
      else counts.awaitingTeacher += 1;
    }
    return counts;
  }
}
