import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { RecordedEvent } from '../../event-store/event-store.port';
import { deriveId } from '../../shared/ids';
import { enrollmentDecider, EnrollmentState } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';

/** The commands of the enrollment workflow's nodes: each reacts to the previous node's event. */
export class ValidateEnrollment implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly context: CommandContext,
    /** the event of the enrollment's stream that triggered the step, when it is one (see enrollmentOf) */
    readonly trigger?: RecordedEvent,
  ) {}
}
export class IdentifyFamily implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly context: CommandContext,
    /** the event of the enrollment's stream that triggered the step, when it is one (see enrollmentOf) */
    readonly trigger?: RecordedEvent,
  ) {}
}
export class CreateStudentAccount implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly context: CommandContext,
    /** the event of the enrollment's stream that triggered the step, when it is one (see enrollmentOf) */
    readonly trigger?: RecordedEvent,
  ) {}
}
export class SetupPaymentMethod implements ICommand {
  /** since: when the student was enrolled (how long the gateway has been tried) */
  constructor(
    readonly enrollmentId: string,
    readonly studentId: string,
    readonly parentId: string,
    readonly since: string,
    readonly context: CommandContext,
  ) {}
}

export class AssignEnrollmentTeacher implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly context: CommandContext,
    /** the event of the enrollment's stream that triggered the step, when it is one (see enrollmentOf) */
    readonly trigger?: RecordedEvent,
  ) {}
}
export class ScheduleDemoLesson implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly studentId: string,
    readonly teacherId: string,
    readonly context: CommandContext,
  ) {}
}
export class SendWelcomeEmails implements ICommand {
  constructor(
    readonly enrollmentId: string,
    readonly context: CommandContext,
    /** the event of the enrollment's stream that triggered the step, when it is one (see enrollmentOf) */
    readonly trigger?: RecordedEvent,
  ) {}
}

export const studentIdOf = (enrollmentId: string) => deriveId('enrolled-student', enrollmentId);
export const parentIdFor = (email: string) => deriveId('parent', email.trim().toLowerCase());

/**
 * The enrollment, at least as it was when `trigger` (an event of its stream) was stored: a step
 * triggered by the event the step before appended gets it from what this process knew of the
 * stream before that append, plus the event, without reading the stream again.
 */
export async function enrollmentOf(executor: CommandExecutor, enrollmentId: string, trigger?: RecordedEvent) {
  const state = await executor.load<EnrollmentState, never>(enrollmentStream(enrollmentId), enrollmentDecider, trigger);
  if (state.status === 'none') throw new Error(`enrollment ${enrollmentId} is not stored`);
  return state;
}
