import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EmailClaims } from '../../identity/email-claims';
import { RegisterUser } from '../../identity/register-user/register-user.command';
import { userDecider, UserState } from '../../identity/user.decider';
import { userStream } from '../../identity/user.events';
import { lessonRateCents } from '../../payments/pricing';
import { DomainError } from '../../shared/domain-error';
import { EnrollStudent } from '../../students/student.commands';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { CreateStudentAccount, enrollmentOf, parentIdFor, studentIdOf } from './node-commands';

@CommandHandler(CreateStudentAccount)
export class CreateStudentAccountHandler implements ICommandHandler<CreateStudentAccount> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly claims: EmailClaims,
  ) {}

  /** The family's parent account (an existing parent email is the same family) and the student. */
  async execute({ enrollmentId, context }: CreateStudentAccount) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.status !== 'running') return;
    const app = e.application;
    const email = app.parentEmail.trim().toLowerCase();
    const owner = await this.claims.ownerOf(email);
    const parentId = owner ?? parentIdFor(email);
    const fail = (reason: string) =>
      this.executor.execute(enrollmentStream(enrollmentId), enrollmentDecider, { type: 'FailStudentAccount', enrollmentId, reason }, subContext(context, 'fail'));
    if (owner) {
      const user = await this.executor.load<UserState, never>(userStream(owner), userDecider);
      if (user.status === 'registered' && user.role !== 'parent') return fail('the parent email belongs to a staff account; use another email');
    }
    try {
      await this.commands.execute(
        new RegisterUser({ userId: parentId, email, role: 'parent', displayName: `${app.parentFirstName} ${app.parentLastName}`, teacherId: null }, subContext(context, 'parent')),
      );
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'EMAIL_TAKEN' || err.code === 'USER_EXISTS')) return fail(err.message);
      throw err;
    }
    await this.commands.execute(
      new EnrollStudent(
        {
          studentId: studentIdOf(enrollmentId),
          parentId,
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
