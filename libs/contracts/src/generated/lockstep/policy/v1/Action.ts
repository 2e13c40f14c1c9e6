// Original file: lockstep/policy/v1/policy.proto

export const Action = {
  ACTION_UNSPECIFIED: 'ACTION_UNSPECIFIED',
  ALLOW: 'ALLOW',
  MONITOR: 'MONITOR',
  THROTTLE: 'THROTTLE',
  CHALLENGE: 'CHALLENGE',
  SUSPEND: 'SUSPEND',
} as const;

export type Action =
  | 'ACTION_UNSPECIFIED'
  | 0
  | 'ALLOW'
  | 1
  | 'MONITOR'
  | 2
  | 'THROTTLE'
  | 3
  | 'CHALLENGE'
  | 4
  | 'SUSPEND'
  | 5

export type Action__Output = typeof Action[keyof typeof Action]
