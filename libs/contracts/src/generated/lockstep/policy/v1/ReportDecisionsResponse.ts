// Original file: lockstep/policy/v1/policy.proto


export interface ReportDecisionsResponse {
  /**
   * Decisions newly applied (not seen before by decision_id).
   */
  'accepted'?: (number);
  /**
   * Decisions already known by decision_id (idempotent replays).
   */
  'duplicates'?: (number);
}

export interface ReportDecisionsResponse__Output {
  /**
   * Decisions newly applied (not seen before by decision_id).
   */
  'accepted': (number);
  /**
   * Decisions already known by decision_id (idempotent replays).
   */
  'duplicates': (number);
}
