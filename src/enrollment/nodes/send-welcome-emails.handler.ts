import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor } from '../../cqrs/command-executor';
import { PasswordTokens } from '../../identity/set-password/password-tokens';
import { userDecider, UserState } from '../../identity/user.decider';
import { userStream } from '../../identity/user.events';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { ageOn, enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { SendWelcomeEmails, enrollmentOf } from './node-commands';
import { selectRows } from '../../database/select-rows';

@CommandHandler(SendWelcomeEmails)
export class SendWelcomeEmailsHandler implements ICommandHandler<SendWelcomeEmails> {
  private readonly logger = new Logger('EnrollmentEmails');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    private readonly tokens: PasswordTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The parent's welcome (with a set-password link for a new account) and the teacher's notice. */
  async execute({ enrollmentId, context, trigger }: SendWelcomeEmails) {
    const e = await enrollmentOf(this.executor, enrollmentId, trigger);
    if (e.status === 'completed' || !e.parentId || !e.teacherId) return;
    const parentId = e.parentId;
    const issued = new Date(context.issuedAt);
    const issueToken = () =>
      this.tokens.issue(parentId, 'set-password', enrollmentId, issued, { followedByAppend: true });
    // The account this enrollment opened has no password yet: its set-password token is stored
    // while the teacher and the account are read, not after them. The link goes into the email
    // only if the account, as read, still has none.
    const newAccount = e.family?.status === 'confirmed' && e.family.via === 'new-family';
    const [[teacher], parent, earlyToken] = await Promise.all([
      selectRows(this.em, TeacherRow, 'id = ?', [e.teacherId]),
      this.executor.load<UserState, never>(userStream(parentId), userDecider),
      newAccount ? issueToken() : null,
    ]);
    const sendsLink = parent.status === 'registered' && !parent.hasPassword;
    // An account that has a password by now (set through a reset while the enrollment waited) or
    // is gone: the token stored for it is closed at once, as setting a password closes every link.
    if (earlyToken && !sendsLink) await this.tokens.consume(earlyToken, issued);
    if (!teacher) throw new Error(`teacher ${e.teacherId} is not in the read model yet`);
    const app = e.application;
    const demoStartsAt = e.demoStartsAt;
    const studentName = `${app.studentFirstName} ${app.studentLastName}`;
    // The family's own account greets and addresses it: the names typed into the form are the
    // sender's, and for an existing family the account's are the ones it knows.
    const account = parent.status === 'registered' ? parent : null;
    const parentWelcome = async () => {
      const setPasswordUrl = sendsLink
        ? `${this.config.publicUrl}/set-password?token=${earlyToken ?? (await issueToken())}`
        : null;
      await this.outbox.request({
        key: `parent-welcome:${enrollmentId}`,
        to: account?.email ?? app.parentEmail,
        template: 'parent-welcome',
        data: {
          parentName: account?.displayName ?? `${app.parentFirstName} ${app.parentLastName}`,
          studentName,
          instrument: app.instrument,
          teacherName: `${teacher.firstName} ${teacher.lastName}`,
          loginEmail: account?.email ?? app.parentEmail.trim().toLowerCase(),
          demoStartsAt,
          setPasswordUrl,
          ...(e.paymentProblem ? { cardProblem: e.paymentProblem.replace(/[.\s]+$/, '') } : {}),
        },
        causedByEventId: context.causationId ?? undefined,
        correlationId: context.correlationId,
        followedByAppend: true,
      });
    };
    // The two emails are queued at once: each is its own row, under its own key. Their rows (and
    // the set-password token) need no WAL flush of their own: CompleteEnrollment's append below
    // waits for its flush, which carries them; if it does not commit, this step runs again and
    // writes the same rows under the same keys.
    const teacherNotice = this.outbox.request({
      key: `teacher-new-student:${enrollmentId}`,
      to: teacher.email,
      template: 'teacher-new-student',
      data: {
        teacherName: `${teacher.firstName} ${teacher.lastName}`,
        studentName,
        instrument: app.instrument,
        studentAge: String(ageOn(app.studentDateOfBirth, context.issuedAt.slice(0, 10))),
        demoStartsAt,
      },
      causedByEventId: context.causationId ?? undefined,
      correlationId: context.correlationId,
      followedByAppend: true,
    });
    await Promise.all([parentWelcome(), teacherNotice]);
    this.logger.debug(`welcome emails requested for enrollment ${enrollmentId}`);
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      { type: 'CompleteEnrollment', enrollmentId },
      context,
    );
  }
}
