import type { Action__Output } from './generated/lockstep/policy/v1/Action';

/** Enforcement actions in increasing severity. Replay output and configs use these names. */
export const ACTIONS = ['allow', 'monitor', 'throttle', 'challenge', 'suspend'] as const;
export type ActionName = (typeof ACTIONS)[number];

/** The proto enum's names (lockstep.policy.v1.Action) as the gRPC loader presents them. */
export type ProtoAction = Exclude<Action__Output, 'ACTION_UNSPECIFIED'>;

export function severity(action: ActionName): number {
  return ACTIONS.indexOf(action);
}

/** The stronger of two actions. */
export function maxAction(a: ActionName, b: ActionName): ActionName {
  return severity(a) >= severity(b) ? a : b;
}

/** An account counts as flagged (for evaluation) when its action is throttle or stronger. */
export function isFlagged(action: ActionName): boolean {
  return severity(action) >= severity('throttle');
}

export function toProtoAction(action: ActionName): ProtoAction {
  return action.toUpperCase() as ProtoAction;
}

export function fromProtoAction(action: Action__Output | string | number): ActionName {
  if (typeof action === 'number') {
    const name = ACTIONS[action - 1];
    if (!name) throw new Error(`unknown action number ${action}`);
    return name;
  }
  const name = action.toLowerCase() as ActionName;
  if (!ACTIONS.includes(name)) throw new Error(`unknown action '${action}'`);
  return name;
}

export function isActionName(v: unknown): v is ActionName {
  return typeof v === 'string' && (ACTIONS as readonly string[]).includes(v);
}
