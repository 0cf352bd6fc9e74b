import { edgesOf, InvalidWorkflowError, validateWorkflow, WorkflowDefinition } from './workflow-definition';

const payments: WorkflowDefinition = {
  name: 'payments-example',
  description: 'a router with two outcomes',
  // the retry job (outside the DAG) raises PaymentRetryDue when a retry falls due
  startsWith: ['PaymentRequested', 'PaymentRetryDue'],
  nodes: [
    {
      name: 'ProcessPayment',
      command: 'ChargeCard',
      on: ['PaymentRequested', 'PaymentRetryDue'],
      emits: ['PaymentSucceeded', 'PaymentFailed'],
    },
    { name: 'UpdateAccounting', command: 'RecordCharge', on: ['PaymentSucceeded'], emits: ['ChargeRecorded'] },
    { name: 'SendReceipt', command: 'RequestEmail', on: ['ChargeRecorded'], emits: ['EmailRequested'] },
    { name: 'RetryPayment', command: 'ScheduleRetry', on: ['PaymentFailed'], emits: ['PaymentRetryScheduled'] },
  ],
  routers: [
    {
      name: 'PaymentOutcome',
      after: 'ProcessPayment',
      routes: [
        { on: 'PaymentSucceeded', to: 'UpdateAccounting' },
        { on: 'PaymentFailed', to: 'RetryPayment' },
      ],
    },
  ],
};

const problemsOf = (def: WorkflowDefinition): string[] => {
  try {
    validateWorkflow(def);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidWorkflowError);
    return (e as InvalidWorkflowError).problems;
  }
};

describe('workflow definitions', () => {
  it('accepts a valid DAG with a router', () => expect(problemsOf(payments)).toEqual([]));

  it('derives edges from trigger and emitted events', () =>
    expect(edgesOf(payments)).toEqual([
      { from: 'start', to: 'ProcessPayment', on: 'PaymentRequested' },
      { from: 'start', to: 'ProcessPayment', on: 'PaymentRetryDue' },
      { from: 'ProcessPayment', to: 'UpdateAccounting', on: 'PaymentSucceeded' },
      { from: 'UpdateAccounting', to: 'SendReceipt', on: 'ChargeRecorded' },
      { from: 'ProcessPayment', to: 'RetryPayment', on: 'PaymentFailed' },
    ]));

  it('names a node waiting for an event nobody emits', () => {
    const def = {
      ...payments,
      routers: [],
      nodes: [...payments.nodes, { name: 'Orphan', command: 'X', on: ['NeverHappens'], emits: [] }],
    };
    expect(problemsOf(def)).toContain('node Orphan waits for NeverHappens, which nothing upstream produces');
  });

  it('keeps outcomes that are never stored to the nodes that run inside the request', () => {
    const booking: WorkflowDefinition = {
      name: 'booking',
      description: '',
      startsWith: ['Requested'],
      requestOutcomes: ['Requested', 'Free', 'Stale'],
      nodes: [
        { name: 'Check', command: 'c', runs: 'request', on: ['Requested'], emits: ['Free'] },
        { name: 'Book', command: 'b', runs: 'request', on: ['Free'], emits: ['Booked'] },
        { name: 'Confirm', command: 'e', on: ['Booked', 'Free'], emits: [], sendsEmail: true },
      ],
    };
    expect(problemsOf(booking)).toEqual([
      'request outcome Stale is named by nothing',
      'saga node Confirm names Free, which is never stored (it exists only inside the request)',
    ]);
  });

  it('refuses a cycle', () => {
    const def: WorkflowDefinition = {
      name: 'loop',
      description: '',
      startsWith: ['Go'],
      nodes: [
        { name: 'A', command: 'a', on: ['Go', 'BDone'], emits: ['ADone'] },
        { name: 'B', command: 'b', on: ['ADone'], emits: ['BDone'] },
      ],
    };
    expect(problemsOf(def).join()).toMatch(/cycle: A → B → A/);
  });

  it('refuses a node that cannot be reached from the start', () => {
    const def: WorkflowDefinition = {
      name: 'island',
      description: '',
      startsWith: ['Go'],
      nodes: [
        { name: 'A', command: 'a', on: ['Go'], emits: ['ADone'] },
        { name: 'C', command: 'c', on: ['DDone'], emits: ['CDone'] },
        { name: 'D', command: 'd', on: ['CDone'], emits: ['DDone'] },
      ],
    };
    const problems = problemsOf(def);
    expect(problems).toContain('node C cannot be reached from the start');
    expect(problems.join()).toMatch(/cycle/);
  });

  it('refuses routers that route unknown outcomes, to the wrong node, or miss an outcome', () => {
    const def: WorkflowDefinition = {
      ...payments,
      routers: [
        {
          name: 'Broken',
          after: 'ProcessPayment',
          routes: [
            { on: 'PaymentSucceeded', to: 'RetryPayment' },
            { on: 'PaymentRefunded', to: null },
          ],
        },
      ],
    };
    expect(problemsOf(def)).toEqual([
      'router Broken sends PaymentSucceeded to RetryPayment, which is not triggered by it',
      'router Broken routes PaymentRefunded, which ProcessPayment never emits',
      'router Broken has no route for PaymentFailed',
    ]);
  });

  it('refuses a route that says the workflow ends where a node still runs', () => {
    const def: WorkflowDefinition = {
      ...payments,
      routers: [
        {
          name: 'Ends',
          after: 'ProcessPayment',
          routes: [
            { on: 'PaymentSucceeded', to: 'UpdateAccounting' },
            { on: 'PaymentFailed', to: null },
          ],
        },
      ],
    };
    expect(problemsOf(def)).toEqual(['router Ends ends the workflow on PaymentFailed, yet RetryPayment runs on it']);
  });

  it('refuses duplicate node names and empty workflows', () => {
    expect(problemsOf({ ...payments, routers: [], nodes: [payments.nodes[0], payments.nodes[0]] })).toContain(
      'node name ProcessPayment is used twice or reserved',
    );
    expect(problemsOf({ name: 'empty', description: '', startsWith: [], nodes: [] })).toEqual([
      'it has no nodes',
      'it has no start event',
    ]);
  });
});
