import { EntityManager } from '@mikro-orm/postgresql';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { CommandContext, subContext } from '../../cqrs/command-context';
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
import { selectRows } from '../../database/select-rows';

@CommandHandler(AssignEnrollmentTeacher)
export class AssignEnrollmentTeacherHandler implements ICommandHandler<AssignEnrollmentTeacher> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly em: EntityManager,
  ) {}

  /**
   * The best-scoring teacher with a seat left. The candidates and their order come from the
   * teachers' read model; the seat is taken on the chosen teacher's stream, whose decider stays the
   * authority: a teacher the read model shows with room but whose stream says full is passed over
   * for the next candidate, and a write that raced ours is caught by the expected revision.
   */
  async execute({ enrollmentId, context, trigger }: AssignEnrollmentTeacher) {
    const e = await enrollmentOf(this.executor, enrollmentId, trigger);
    if (e.status !== 'running') return;
    const studentId = studentIdOf(enrollmentId);
    const app = e.application;
    const rows = await selectRows(this.em, TeacherRow, 'active AND instruments @> ?::text[]', [[app.instrument]]);
    // A seat taken by an earlier run of this step (stopped before the assignment) is this student's,
    // whichever teacher the read model ranks first now: the student's stream and the streams of the
    // instrument's teachers are read at once (one statement), and the teacher holding the seat, or
    // else the best-ranked with room on its own stream, is the one decided on, from the stream just read.
    const [student, teacherStreams] = await this.executor.together(() =>
      Promise.all([
        this.executor.load<StudentState, never>(studentStream(studentId), studentDecider),
        Promise.all(
          rows.map(
            async (row) =>
              [
                row.id,
                await this.executor.history<TeacherState, never>(teacherStream(row.id), teacherDecider),
              ] as const,
          ),
        ),
      ]),
    );
    if (student.status === 'none' || student.teacherId) return;
    const streams = new Map(teacherStreams);
    const held = rows.find((row) => {
      const t = streams.get(row.id)!.state;
      return t.status === 'active' && t.students.includes(studentId);
    });
    if (held) return this.assign(studentId, held.id, enrollmentId, context);
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
          streams.get(teacher.id),
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'TEACHER_FULL') continue;
        throw err;
      }
      return this.assign(studentId, teacher.id, enrollmentId, context);
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

  private async assign(studentId: string, teacherId: string, enrollmentId: string, context: CommandContext) {
    await this.commands.execute(
      new AssignTeacher({ studentId, teacherId, enrollmentId }, subContext(context, 'assign')),
    );
  }
}
