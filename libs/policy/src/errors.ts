/** A malformed input; `field` names the offending field (e.g. "decisions[2].account_id"). */
export class PolicyInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PolicyInputError';
  }
}

/** A plan was computed against state that has since changed; recompute it. */
export class StalePlanError extends Error {
  constructor() {
    super('policy state changed since the plan was made');
    this.name = 'StalePlanError';
  }
}
