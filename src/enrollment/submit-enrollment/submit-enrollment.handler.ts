import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor, newStream } from '../../cqrs/command-executor';
import { AuthenticatedUser } from '../../identity/auth/auth.decorators';
import { PrivateStreamIds } from '../../privacy/private-stream-ids';
import { invalid } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import {
  checkApplication,
  ENDED_STATUSES,
  enrollmentDecider,
  EnrollmentState,
  EnrollmentStatus,
} from '../enrollment.decider';
import { EnrollmentApplication, enrollmentStream, Submitter } from '../enrollment.events';
import { enrollmentRequestDecider, enrollmentRequestStream } from './enrollment-requests';

export class SubmitEnrollment implements ICommand {
  constructor(
    readonly application: EnrollmentApplication,
    /** the signed-in caller, if any (the form is public) */
    readonly caller: AuthenticatedUser | null,
    readonly context: CommandContext,
  ) {}
}

export interface SubmitEnrollmentResult {
  enrollmentId: string;
  status: EnrollmentStatus;
  /** true when the same family, child and instrument already had this enrollment going or done */
  duplicate: boolean;
}

/**
 * Stores a submitted form, once per family, child and instrument: a second send while the first
 * enrollment is pending, running, held, waitlisted or completed answers with that enrollment.
 * A signed-in parent enrolls into their own family; staff into the family the form names.
 */
@CommandHandler(SubmitEnrollment)
export class SubmitEnrollmentHandler implements ICommandHandler<SubmitEnrollment, SubmitEnrollmentResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly ids: PrivateStreamIds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ application, caller, context }: SubmitEnrollment): Promise<SubmitEnrollmentResult> {
    const submittedBy = submitterOf(caller, application);
    const today = DateTime.fromISO(context.issuedAt, { zone: this.config.academyTimezone }).toISODate()!;
    // Refused before anything is stored: a form refused at once opens no request either.
    checkApplication(application, today);
    const enrollmentId = deriveId(context.commandId, 'enrollment');
    const requestStream = enrollmentRequestStream(this.ids, application);
    for (let attempt = 1; ; attempt++) {
      const request = await this.executor.history(requestStream, enrollmentRequestDecider);
      const previous = request.state.latest;
      const status = previous && previous !== enrollmentId ? await this.statusOf(previous) : null;
      // Opened by a send still between its two writes: give it a moment. One that never wrote
      // its enrollment (the process stopped in between) has ended.
      if (status === 'none' && attempt < IN_FLIGHT_CHECKS) {
        await new Promise((r) => setTimeout(r, 50 * attempt));
        continue;
      }
      if (previous && status && status !== 'none' && !ENDED_STATUSES.includes(status))
        return { enrollmentId: previous, status, duplicate: true };
      const opened = await this.executor.execute(
        requestStream,
        enrollmentRequestDecider,
        { type: 'OpenEnrollmentRequest', enrollmentId, ended: previous && status ? [previous] : [] },
        subContext(context, 'request'),
        request,
      );
      // Opened now or by an earlier delivery of this very send; else another send got in first: look again.
      if (opened.events.length > 0 || opened.alreadyApplied || request.state.latest === enrollmentId) break;
      if (attempt > 20) throw new Error(`enrollment request ${requestStream} keeps changing`);
    }
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      { type: 'SubmitEnrollment', enrollmentId, application, submittedBy, today },
      context,
      // its id derives from this send: new, unless this very send was stored before
      newStream(enrollmentStream(enrollmentId)),
    );
    return { enrollmentId, status: 'pending', duplicate: false };
  }

  private async statusOf(enrollmentId: string): Promise<EnrollmentState['status']> {
    return (await this.executor.load<EnrollmentState, never>(enrollmentStream(enrollmentId), enrollmentDecider)).status;
  }
}

/** How many times a send looks at a request another send opened but has not written yet. */
const IN_FLIGHT_CHECKS = 6;

/** Who sent the form, when signed in: a parent only for their own family's address. */
function submitterOf(caller: AuthenticatedUser | null, application: EnrollmentApplication): Submitter | null {
  if (!caller || (caller.role !== 'parent' && caller.role !== 'admin')) return null;
  if (caller.role === 'parent' && caller.email.trim().toLowerCase() !== application.parentEmail) {
    throw invalid(
      'PARENT_EMAIL_NOT_YOURS',
      `signed in as a parent, you enroll into your own family: parentEmail must be your account's email ` +
        `(${caller.email})`,
    );
  }
  return { userId: caller.id, role: caller.role };
}
