import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { lessonRateCents } from '../../payments/pricing';
import { EnrollStudent } from '../../students/student.handlers';
import { CreateStudentAccount, enrollmentOf, studentIdOf } from './node-commands';

@CommandHandler(CreateStudentAccount)
export class CreateStudentAccountHandler implements ICommandHandler<CreateStudentAccount> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
  ) {}

  /** The student, in the family the enrollment's family step established (its account exists by then). */
  async execute({ enrollmentId, context, trigger }: CreateStudentAccount) {
    const e = await enrollmentOf(this.executor, enrollmentId, trigger);
    if (e.status !== 'running' || e.family?.status !== 'confirmed') return;
    const app = e.application;
    await this.commands.execute(
      new EnrollStudent(
        {
          studentId: studentIdOf(enrollmentId),
          parentId: e.family.parentId,
          enrollmentId,
          firstName: app.studentFirstName,
          lastName: app.studentLastName,
          dateOfBirth: app.studentDateOfBirth,
          instrument: app.instrument,
          skillLevel: 'beginner',
          lessonRateCents: lessonRateCents(app.lessonDurationMinutes),
          lessonDurationMinutes: app.lessonDurationMinutes,
          preferredLessonDay: app.preferredLessonDay,
          preferredLessonTime: app.preferredLessonTime,
        },
        subContext(context, 'student'),
      ),
    );
  }
}
