import { DeciderSpecification } from '../../test/support/decider-specification';
import { familyDecider, ForgetFamily } from './family.decider';
import { FamilyEvent } from './family.events';

const { given, stateAfter } = DeciderSpecification.for(familyDecider);

const at = '2026-11-20T15:00:00.000Z';
const forget = (when = at): ForgetFamily => ({
  type: 'ForgetFamily',
  familyId: 'P1',
  studentIds: ['S1', 'S2'],
  enrollmentIds: ['E1'],
  lessonIds: ['L1', 'L2'],
  at: when,
});
const forgotten: FamilyEvent = {
  type: 'FamilyForgotten',
  data: { familyId: 'P1', studentIds: ['S1', 'S2'], enrollmentIds: ['E1'], lessonIds: ['L1', 'L2'], forgottenAt: at },
};

describe('family decider', () => {
  it('given nothing, when ForgetFamily, then FamilyForgotten naming everything of the family, at the time asked', () =>
    given([]).when(forget()).then([forgotten]));

  it('given a forgotten family, when ForgetFamily again, then nothing (forgotten once)', () =>
    given([forgotten]).when(forget('2026-12-01T00:00:00.000Z')).then([]));

  it('remembers when the family was forgotten', () =>
    expect(stateAfter([forgotten])).toEqual({ forgotten: true, forgottenAt: at }));
});
