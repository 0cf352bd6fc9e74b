import { CommandBus } from '@nestjs/cqrs';
import { CommandContext, subContext } from '../../src/cqrs/command-context';
import { CommandExecutor } from '../../src/cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { enrollmentDecider, EnrollmentState } from '../../src/enrollment/enrollment.decider';
import { enrollmentStream } from '../../src/enrollment/enrollment.events';
import { IdentifyFamily, parentIdFor } from '../../src/enrollment/nodes';
import { SubmitEnrollment } from '../../src/enrollment/submit-enrollment/submit-enrollment.handler';
import { RegisterUser } from '../../src/identity/register-user/register-user.command';
import { newId } from '../../src/shared/ids';
import { SYSTEM_ACTOR } from '../../src/shared/request-context';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The family step registers a new family's account, then records the family. Cut short in
 * between (a crash), it runs again for the same event: the account it finds is its own, not
 * another family's, and the enrollment goes on instead of waiting for a confirmation.
 */
describe('the family step, delivered again after it was cut short', () => {
  let t: TestApp;
  const at = () => new Date().toISOString();
  const ctxFor = (label: string): CommandContext => ({
    commandId: newId(),
    correlationId: label,
    causationId: null,
    actor: SYSTEM_ACTOR,
    issuedAt: at(),
  });

  beforeAll(async () => {
    t = await startTestApp({ subscriptions: { enabled: false } });
  });
  afterAll(() => t.close());

  async function validatedEnrollment(email: string, child: string): Promise<string> {
    const application = {
      studentFirstName: child,
      studentLastName: 'Chen',
      studentDateOfBirth: '2016-05-14',
      studentEmail: null,
      parentFirstName: 'Mei',
      parentLastName: 'Chen',
      parentEmail: email,
      parentPhone: '+19025550123',
      instrument: 'piano' as const,
      preferredLessonDay: null,
      preferredLessonTime: null,
      lessonDurationMinutes: 30,
      paymentToken: 'pm_card_visa',
    };
    const { enrollmentId } = await t.app
      .get(CommandBus)
      .execute(new SubmitEnrollment(application, null, ctxFor('submit')));
    await t.app
      .get(CommandExecutor)
      .execute(
        enrollmentStream(enrollmentId),
        enrollmentDecider,
        { type: 'ValidateEnrollment', enrollmentId, at: at().slice(0, 10), teachersWithRoom: 1 },
        ctxFor('validate'),
      );
    return enrollmentId;
  }
  const stateOf = (enrollmentId: string) =>
    t.app.get(CommandExecutor).load<EnrollmentState, never>(enrollmentStream(enrollmentId), enrollmentDecider);

  it('recognises the account it registered itself, and still holds a second child of that family', async () => {
    const email = `mei-${newId().slice(0, 8)}@example.com`;
    const first = await validatedEnrollment(email, 'Lily');
    const step = ctxFor('identify');
    // What the first delivery did before the process stopped: the parent's account only.
    await t.app
      .get(CommandBus)
      .execute(
        new RegisterUser(
          { userId: parentIdFor(email), email, role: 'parent', displayName: 'Mei Chen', teacherId: null },
          subContext(step, 'parent'),
        ),
      );
    await t.app.get(CommandBus).execute(new IdentifyFamily(first, step));
    expect(await stateOf(first)).toMatchObject({
      status: 'running',
      family: { status: 'confirmed', parentId: parentIdFor(email), via: 'new-family' },
    });

    // Another child sent for the same address afterwards is held for the family.
    const second = await validatedEnrollment(email, 'Max');
    await t.app.get(CommandBus).execute(new IdentifyFamily(second, ctxFor('identify-2')));
    expect(await stateOf(second)).toMatchObject({
      status: 'awaiting-family-confirmation',
      family: { status: 'awaiting', parentId: parentIdFor(email) },
    });
  });

  it("a new family's step reads its address's claim once: the keyed stream and the pre-keyed one", async () => {
    const email = `ana-${newId().slice(0, 8)}@example.com`;
    const enrollment = await validatedEnrollment(email, 'Noor');
    const store = t.app.get<EventStore>(EVENT_STORE);
    const read = jest.spyOn(store, 'readStream');
    try {
      await t.app.get(CommandBus).execute(new IdentifyFamily(enrollment, ctxFor('identify-new')));
      const claimReads = read.mock.calls.filter(([stream]) => stream.startsWith('email-'));
      expect(claimReads).toHaveLength(2);
    } finally {
      read.mockRestore();
    }
    expect(await stateOf(enrollment)).toMatchObject({
      family: { status: 'confirmed', parentId: parentIdFor(email), via: 'new-family' },
    });
  });
});
