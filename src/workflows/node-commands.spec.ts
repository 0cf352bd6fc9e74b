import { RecordedEvent } from '../event-store/event-store.port';
import { CommandContext } from '../cqrs/command-context';
import { nodeCommands } from './node-commands';
import { WorkflowDefinition } from './workflow-definition';

type Asked = { type: 'Asked'; data: { who: string } };
type Answered = { type: 'Answered'; data: { who: string; answer: number } };

const QUIZ = {
  name: 'quiz',
  description: '',
  startsWith: ['Asked'],
  requestOutcomes: ['Checked'],
  nodes: [
    { name: 'Check', command: 'Check', runs: 'request', on: ['Asked'], emits: ['Checked'] },
    { name: 'Answer', command: 'Answer', on: ['Asked'], emits: ['Answered'] },
    { name: 'Thank', command: 'Thank', on: ['Answered'], emits: [], sendsEmail: true },
  ],
} as const satisfies WorkflowDefinition;

const stored = (type: string, data: object): RecordedEvent =>
  ({
    eventId: `e-${type}`,
    type,
    data,
    metadata: { correlationId: 'c', causationId: null, occurredAt: '2026-12-05T00:00:00Z', actor: { kind: 'system' } },
    streamId: 's',
    streamPosition: 0,
    position: 1,
    recordedAt: '2026-12-05T00:00:00Z',
  }) as unknown as RecordedEvent;
const ctx = { commandId: 'x' } as CommandContext;

describe('nodeCommands', () => {
  const commands = nodeCommands<Asked | Answered>()(QUIZ, {
    Answer: (e, c) => ({ answer: e.data.who, c }),
    Thank: (e) => (e.data.answer > 0 ? { thank: e.data.who } : null),
  });

  it('gives each saga node its trigger events, typed; a node that runs inside the request has no builder', () => {
    expect(Object.keys(commands)).toEqual(['Answer', 'Thank']);
    expect(commands.Answer(stored('Asked', { who: 'Mia' }), ctx)).toEqual({ answer: 'Mia', c: ctx });
    expect(commands.Thank(stored('Answered', { who: 'Mia', answer: 1 }), ctx)).toEqual({ thank: 'Mia' });
    expect(commands.Thank(stored('Answered', { who: 'Mia', answer: 0 }), ctx)).toBeNull();
  });

  it('refuses an event its node does not wait for', () => {
    expect(() => commands.Thank(stored('Asked', { who: 'Mia' }), ctx)).toThrow('node Thank does not wait for Asked');
  });
});
