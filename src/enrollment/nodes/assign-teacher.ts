import { EntityManager } from '@mikro-orm/postgresql';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { DomainError } from '../../shared/domain-error';
import { AssignTeacher } from '../../students/student.handlers';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { rankTeachers } from '../teacher-matching';
import { AssignEnrollmentTeacher, enrollmentOf, studentIdOf } from './node-commands';

@CommandHandler(AssignEnrollmentTeacher)
export class AssignEnrollmentTeacherHandler implements ICommandHandler<AssignEnrollmentTeacher> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly em: EntityManager,
  ) {}

  /** The best-scoring teacher with a seat left; the seat is taken on the teacher's stream first. */
  async execute({ enrollmentId, context }: AssignEnrollmentTeacher) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.status !== 'running') return;
    const studentId = studentIdOf(enrollmentId);
    const student = await this.executor.load<StudentState, never>(studentStream(studentId), studentDecider);
    if (student.status === 'none' || student.teacherId) return;
    const app = e.application;
    const rows = await this.em.fork().find(TeacherRow, { active: true, instruments: { $contains: [app.instrument] } });
    // A seat taken by an earlier run of this step (stopped before the assignment) is this student's.
    for (const row of rows) {
      const teacher = await this.executor.load<TeacherState, never>(teacherStream(row.id), teacherDecider);
      if (teacher.status === 'active' && teacher.students.includes(studentId)) {
        await this.commands.execute(
          new AssignTeacher({ studentId, teacherId: row.id, enrollmentId }, subContext(context, 'assign')),
        );
        return;
      }
    }
    const ranked = rankTeachers(rows, {
      instrument: app.instrument,
      preferredLessonDay: app.preferredLessonDay,
      preferredLessonTime: app.preferredLessonTime,
    });
    for (const teacher of ranked) {
      try {
        await this.executor.execute(
          teacherStream(teacher.id),
          teacherDecider,
          { type: 'TakeTeacherSeat', teacherId: teacher.id, studentId },
          subContext(context, `seat-${teacher.id}`),
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'TEACHER_FULL') continue;
        throw err;
      }
      await this.commands.execute(
        new AssignTeacher({ studentId, teacherId: teacher.id, enrollmentId }, subContext(context, 'assign')),
      );
      return;
    }
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      {
        type: 'WaitlistEnrollment',
        enrollmentId,
        stage: 'assignment',
        reason: `no ${app.instrument} teacher has room for a new student`,
      },
      subContext(context, 'waitlist'),
    );
  }
}
