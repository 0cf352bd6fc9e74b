/**
 * Workflows declared as data: nodes that each issue one command when one of their trigger
 * events is stored, and routers that name which outcome event leads where. Edges are derived
 * (node A → node B when B is triggered by an event A emits) so the picture cannot drift from
 * what runs.
 */
export interface WorkflowNode {
  name: string;
  /** the command this node issues */
  command: string;
  /** events that trigger it */
  on: readonly string[];
  /** events its command can produce */
  emits: readonly string[];
  /** its command asks the notification outbox for an email (keyed: sent once), which is no event */
  sendsEmail?: boolean;
  /**
   * 'saga' (default): issued by the workflow's saga when a trigger event is stored.
   * 'request': runs inside the HTTP command that starts the workflow (its outcome answers the
   * request, e.g. 409 with alternatives); only the events it stores continue the workflow.
   */
  runs?: 'saga' | 'request';
  description?: string;
}

export interface WorkflowRoute {
  on: string;
  /** the next node, or null when this outcome ends the workflow */
  to: string | null;
  label?: string;
}

export interface WorkflowRouter {
  name: string;
  /** the node whose outcome it routes */
  after: string;
  routes: readonly WorkflowRoute[];
}

export interface WorkflowDefinition {
  name: string;
  description: string;
  /** events produced outside the workflow (by an HTTP command) that start it */
  startsWith: readonly string[];
  /**
   * Outcomes that exist only inside the request that starts the workflow and are never stored
   * (e.g. "the slot is free"): only nodes that run inside the request may wait for or produce
   * them. Every other name a definition uses is a stored event type (docs/events.md).
   */
  requestOutcomes?: readonly string[];
  nodes: readonly WorkflowNode[];
  routers?: readonly WorkflowRouter[];
}

export interface WorkflowEdge {
  from: string;
  to: string;
  on: string;
}

export const START = 'start';

export function edgesOf(def: WorkflowDefinition): WorkflowEdge[] {
  const edges: WorkflowEdge[] = [];
  for (const target of def.nodes) {
    for (const event of target.on) {
      if (def.startsWith.includes(event)) edges.push({ from: START, to: target.name, on: event });
      for (const source of def.nodes) {
        if (source.emits.includes(event)) edges.push({ from: source.name, to: target.name, on: event });
      }
    }
  }
  return edges;
}

export class InvalidWorkflowError extends Error {
  constructor(
    workflow: string,
    readonly problems: string[],
  ) {
    super(`workflow ${workflow} is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidWorkflowError';
  }
}

/** Throws InvalidWorkflowError listing every problem: the app refuses to boot with a bad DAG. */
export function validateWorkflow(def: WorkflowDefinition): void {
  const problems: string[] = [];
  const names = new Set<string>();
  if (def.nodes.length === 0) problems.push('it has no nodes');
  if (def.startsWith.length === 0) problems.push('it has no start event');
  for (const node of def.nodes) {
    if (node.name === START || names.has(node.name)) problems.push(`node name ${node.name} is used twice or reserved`);
    names.add(node.name);
    if (node.on.length === 0) problems.push(`node ${node.name} has no trigger event`);
  }
  const produced = new Set([...def.startsWith, ...def.nodes.flatMap((n) => n.emits)]);
  const inRequest = new Set(def.requestOutcomes ?? []);
  for (const outcome of inRequest) {
    if (!produced.has(outcome)) problems.push(`request outcome ${outcome} is named by nothing`);
  }
  for (const node of def.nodes) {
    if ((node.runs ?? 'saga') !== 'saga') continue;
    for (const event of [...node.on, ...node.emits].filter((e) => inRequest.has(e)))
      problems.push(`saga node ${node.name} names ${event}, which is never stored (it exists only inside the request)`);
  }
  for (const node of def.nodes) {
    for (const event of node.on) {
      if (!produced.has(event)) problems.push(`node ${node.name} waits for ${event}, which nothing upstream produces`);
    }
  }

  const edges = edgesOf(def);
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);

  // Acyclic: depth-first search with colours.
  const colour = new Map<string, 'grey' | 'black'>();
  const visit = (n: string, path: string[]): void => {
    if (colour.get(n) === 'black') return;
    if (colour.get(n) === 'grey') {
      problems.push(`cycle: ${[...path.slice(path.indexOf(n)), n].join(' → ')}`);
      return;
    }
    colour.set(n, 'grey');
    for (const m of next.get(n) ?? []) visit(m, [...path, n]);
    colour.set(n, 'black');
  };
  for (const n of [START, ...names]) visit(n, []);

  // Reachable from the start.
  const reached = new Set<string>();
  const stack = [START];
  while (stack.length) {
    const n = stack.pop()!;
    for (const m of next.get(n) ?? []) {
      if (!reached.has(m)) {
        reached.add(m);
        stack.push(m);
      }
    }
  }
  for (const n of names) if (!reached.has(n)) problems.push(`node ${n} cannot be reached from the start`);

  for (const router of def.routers ?? []) {
    const after = def.nodes.find((n) => n.name === router.after);
    if (!after) {
      problems.push(`router ${router.name} follows unknown node ${router.after}`);
      continue;
    }
    for (const route of router.routes) {
      if (!after.emits.includes(route.on))
        problems.push(`router ${router.name} routes ${route.on}, which ${after.name} never emits`);
      if (route.to === null) {
        const fired = def.nodes.filter((n) => n.on.includes(route.on)).map((n) => n.name);
        if (fired.length)
          problems.push(`router ${router.name} ends the workflow on ${route.on}, yet ${fired.join(', ')} runs on it`);
        continue;
      }
      const target = def.nodes.find((n) => n.name === route.to);
      if (!target) problems.push(`router ${router.name} routes to unknown node ${route.to}`);
      else if (!target.on.includes(route.on))
        problems.push(`router ${router.name} sends ${route.on} to ${route.to}, which is not triggered by it`);
    }
    for (const outcome of after.emits) {
      if (!router.routes.some((r) => r.on === outcome))
        problems.push(`router ${router.name} has no route for ${outcome}`);
    }
  }
  if (problems.length) throw new InvalidWorkflowError(def.name, problems);
}
