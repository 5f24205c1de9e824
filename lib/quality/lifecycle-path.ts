/**
 * The batch lifecycle read as a path, for the console's stepper and the cockpit's next step: the main road from
 * the first state to release, and the side exits off it. Derived from the moves (lib/quality/lifecycle.ts, handed
 * to the console as data), so the order is never restated: the road follows the plain moves, then the move that
 * carries the release guard; every other move is a side exit. No server-only imports.
 */
import type { BatchStatus, Move } from './lifecycle';

export type LifecyclePath = {
  /** The states from the first one to release, in order. */
  road: BatchStatus[];
  /** The moves that leave the road (rejection, recall), each from a state on the road. */
  exits: Move[];
};

/** The first state: the one no move leads into (a new batch starts there). */
function firstState(lifecycle: readonly Move[]): BatchStatus | undefined {
  const targets = new Set(lifecycle.map((m) => m.to));
  return lifecycle.map((m) => m.from).find((state) => !targets.has(state));
}

/** The road from the first state to release, and the moves that leave it. */
export function lifecyclePath(lifecycle: readonly Move[]): LifecyclePath {
  const road: BatchStatus[] = [];
  let state = firstState(lifecycle);
  while (state !== undefined && !road.includes(state)) {
    road.push(state);
    const out = lifecycle.filter((m) => m.from === state);
    // Forward without a signature while such a move exists; at the decision, the move that needs the release guard.
    const next = out.find((m) => m.signature === null) ?? out.find((m) => m.releaseGuard);
    state = next?.to;
  }
  const exits = lifecycle.filter((m) => road.includes(m.from) && !(road.includes(m.to) && road.indexOf(m.to) === road.indexOf(m.from) + 1));
  return { road, exits };
}

/** The move that takes a batch in `status` one step further along the road (none once it has left the road or reached its end). */
export function nextMoveOnRoad(lifecycle: readonly Move[], status: BatchStatus): Move | undefined {
  const { road } = lifecyclePath(lifecycle);
  const at = road.indexOf(status);
  if (at < 0 || at === road.length - 1) return undefined;
  return lifecycle.find((m) => m.from === status && m.to === road[at + 1]);
}

/** Where a state stands for a batch: passed, where it is now, the next one on the road, later, or passed by (it left the road). */
export type StepState = 'done' | 'current' | 'next' | 'later' | 'skipped';

export type LifecyclePosition = {
  /** The road's states, then the side exit the batch took (if it did), each with where it stands. */
  steps: Array<{ status: BatchStatus; state: StepState }>;
  /** The move one step further along the road, if any. */
  next: Move | undefined;
  /** The side exits from where the batch is (reject while under review, recall once released). */
  exits: Move[];
};

/** Where a batch in `status` is on its lifecycle, what comes next and how it may leave the road. */
export function lifecyclePosition(lifecycle: readonly Move[], status: BatchStatus): LifecyclePosition {
  const { road, exits } = lifecyclePath(lifecycle);
  const at = road.indexOf(status);
  const tookExit = at < 0 ? exits.find((m) => m.to === status) : undefined;
  const reached = at >= 0 ? at : tookExit ? road.indexOf(tookExit.from) : -1;
  const steps: LifecyclePosition['steps'] = road.map((s, i) => ({
    status: s,
    state:
      i < reached || (tookExit && i === reached)
        ? 'done'
        : i === reached
          ? 'current'
          : tookExit
            ? 'skipped'
            : i === reached + 1
              ? 'next'
              : 'later',
  }));
  if (tookExit) steps.push({ status, state: 'current' });
  return { steps, next: nextMoveOnRoad(lifecycle, status), exits: exits.filter((m) => m.from === status) };
}
