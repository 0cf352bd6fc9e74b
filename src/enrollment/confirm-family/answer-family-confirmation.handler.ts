import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { AuthenticatedUser } from '../../identity/auth/auth.decorators';
import { notFound } from '../../shared/domain-error';
import { enrollmentDecider, EnrollmentState, EnrollmentStatus } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { isFamilyConfirmationToken } from './family-confirmation-token';

/** Who answers: whoever holds the emailed link, or the family's parent signed in. */
export type ConfirmationProof = { token: string } | { parent: AuthenticatedUser };

export class AnswerFamilyConfirmation implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly answer: 'confirm' | 'decline',
    readonly proof: ConfirmationProof,
    readonly context: CommandContext,
  ) {}
}

/** What the page behind the link shows: nothing of the family, only what was asked. */
export interface FamilyConfirmationView {
  enrollmentId: string;
  status: EnrollmentStatus;
  studentFirstName: string;
  instrument: string;
  expiresAt: string | null;
}

const NOT_FOUND = () => notFound('CONFIRMATION_NOT_FOUND', 'this confirmation link is not valid');

/**
 * The held enrollment, if the proof is the family's: a wrong token or another account's sign-in
 * reads as not found, so the link cannot be used to probe enrollments.
 */
export async function heldEnrollment(
  executor: CommandExecutor,
  secret: string | undefined,
  enrollmentId: string,
  proof: ConfirmationProof,
) {
  const state = await executor.load<EnrollmentState, never>(enrollmentStream(enrollmentId), enrollmentDecider);
  if (state.status === 'none' || !state.family) throw NOT_FOUND();
  const family = state.family;
  const allowed =
    'token' in proof
      ? isFamilyConfirmationToken(secret, enrollmentId, proof.token)
      : proof.parent.role === 'parent' && proof.parent.id === family.parentId;
  if (!allowed) throw NOT_FOUND();
  const view: FamilyConfirmationView = {
    enrollmentId,
    status: state.status,
    studentFirstName: state.application.studentFirstName,
    instrument: state.application.instrument,
    expiresAt: family.status === 'awaiting' ? family.expiresAt : null,
  };
  return { state, family, view };
}

@CommandHandler(AnswerFamilyConfirmation)
export class AnswerFamilyConfirmationHandler implements ICommandHandler<
  AnswerFamilyConfirmation,
  FamilyConfirmationView
> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ enrollmentId, answer, proof, context }: AnswerFamilyConfirmation): Promise<FamilyConfirmationView> {
    const { family } = await heldEnrollment(this.executor, this.config.jwtSecret, enrollmentId, proof);
    const at = context.issuedAt;
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      answer === 'confirm'
        ? {
            type: 'ConfirmFamily',
            enrollmentId,
            parentId: family.parentId,
            via: 'token' in proof ? 'email-link' : 'signed-in',
            at,
          }
        : { type: 'DeclineFamilyConfirmation', enrollmentId, at },
      context,
    );
    return (await heldEnrollment(this.executor, this.config.jwtSecret, enrollmentId, proof)).view;
  }
}
