import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { EmailClaims } from '../../identity/email-claims';
import { RegisterUser } from '../../identity/register-user/register-user.command';
import { userDecider, UserState } from '../../identity/user.decider';
import { UserEvent, userStream } from '../../identity/user.events';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { DomainError } from '../../shared/domain-error';
import { familyConfirmationToken, familyConfirmationUrl } from '../confirm-family/family-confirmation-token';
import { EnrollmentCommand, enrollmentDecider, EnrollmentState } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { enrollmentOf, IdentifyFamily, parentIdFor } from './node-commands';

type Started = Exclude<EnrollmentState, { status: 'none' }>;

/**
 * Whose family is this enrollment? An address with no account is a new family: its account is
 * created here, so the address is claimed by this enrollment. An address that already has a
 * family account is that family's only if its parent (or staff) sent the form signed in;
 * otherwise the enrollment is held and the family is asked at the address on file.
 */
@CommandHandler(IdentifyFamily)
export class IdentifyFamilyHandler implements ICommandHandler<IdentifyFamily> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly claims: EmailClaims,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ enrollmentId, context, trigger }: IdentifyFamily) {
    const e = await enrollmentOf(this.executor, enrollmentId, trigger);
    if (e.status !== 'running' || e.family) {
      if (e.family?.status === 'awaiting') await this.askFamily(e, e.family.parentId, context);
      return;
    }
    const email = e.application.parentEmail.trim().toLowerCase();
    const parentId = parentIdFor(email);
    // Registering the address tells: it is claimed now (a new family), was claimed by this very
    // step before it was cut short (registered again: the same account), or is another account's.
    let registered: ExecutionResult<UserEvent>;
    try {
      registered = await this.commands.execute(
        new RegisterUser(
          {
            userId: parentId,
            email,
            role: 'parent',
            displayName: `${e.application.parentFirstName} ${e.application.parentLastName}`,
            teacherId: null,
          },
          subContext(context, 'parent'),
        ),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code !== 'EMAIL_TAKEN' && err.code !== 'USER_EXISTS')) throw err;
      // The address is another account's (claimed before, or a moment ago by another
      // enrollment): an existing family. A claim whose account was never written is another's
      // until it lapses (STALE_CLAIM_MS): the step fails as any refused step does.
      const taken = await this.claims.ownerOf(email);
      if (taken && (await this.existingFamily(e, taken, context))) return;
      throw err;
    }
    // Registered by this very enrollment (now or on an earlier delivery): a new family. An
    // account another enrollment registered a moment before belongs to that family: ask it.
    if (registered.events.length > 0 || registered.alreadyApplied) {
      await this.decide(
        { type: 'ConfirmFamily', enrollmentId, parentId, via: 'new-family', at: context.issuedAt },
        context,
      );
    } else {
      await this.existingFamily(e, parentId, context);
    }
  }

  /** Decides for an address that has an account; false when the claim's account was never written. */
  private async existingFamily(e: Started, ownerId: string, context: CommandContext): Promise<boolean> {
    const owner = await this.executor.load<UserState, never>(userStream(ownerId), userDecider);
    if (owner.status !== 'registered') return false;
    const enrollmentId = e.enrollmentId;
    if (owner.role !== 'parent') {
      await this.decide(
        {
          type: 'FailStudentAccount',
          enrollmentId,
          reason: 'the parent email belongs to a staff account; use another email',
        },
        context,
      );
      return true;
    }
    const by = e.submittedBy;
    if (by?.role === 'admin' || (by?.role === 'parent' && by.userId === ownerId)) {
      await this.decide(
        {
          type: 'ConfirmFamily',
          enrollmentId,
          parentId: ownerId,
          via: by.role === 'admin' ? 'staff' : 'signed-in',
          at: context.issuedAt,
        },
        context,
      );
      return true;
    }
    await this.decide(
      { type: 'RequestFamilyConfirmation', enrollmentId, parentId: ownerId, at: context.issuedAt },
      context,
    );
    const held = await enrollmentOf(this.executor, enrollmentId);
    if (held.family?.status === 'awaiting') await this.askFamily(held, ownerId, context);
    return true;
  }

  /** The email to the address on file (once per enrollment, whatever the redeliveries). */
  private async askFamily(e: Started, parentId: string, context: CommandContext) {
    if (e.family?.status !== 'awaiting') return;
    const parent = await this.executor.load<UserState, never>(userStream(parentId), userDecider);
    if (parent.status !== 'registered') return;
    const token = familyConfirmationToken(this.config.jwtSecret, e.enrollmentId);
    await this.outbox.request({
      key: `family-confirmation:${e.enrollmentId}`,
      to: parent.email,
      template: 'family-confirmation',
      data: {
        parentName: parent.displayName,
        studentFirstName: e.application.studentFirstName,
        instrument: e.application.instrument,
        confirmUrl: familyConfirmationUrl(this.config.publicUrl, e.enrollmentId, token),
        expiresAt: e.family.expiresAt,
      },
      causedByEventId: context.causationId ?? undefined,
      correlationId: context.correlationId,
    });
  }

  private decide(command: EnrollmentCommand, context: CommandContext) {
    return this.executor.execute(
      enrollmentStream(command.enrollmentId),
      enrollmentDecider,
      command,
      subContext(context, command.type),
    );
  }
}
