// Original file: lockstep/policy/v1/policy.proto


/**
 * One machine-checkable signal behind a decision.
 */
export interface Evidence {
  /**
   * Stable signal name, e.g. "shared_template", "card_reuse", "creation_burst".
   */
  'signal'?: (string);
  'value'?: (number | string);
  /**
   * How much the signal contributed to the score (0..1).
   */
  'weight'?: (number | string);
  /**
   * Short human-readable detail, e.g. "14 accounts share payment_fp 3f2a…".
   */
  'detail'?: (string);
}

/**
 * One machine-checkable signal behind a decision.
 */
export interface Evidence__Output {
  /**
   * Stable signal name, e.g. "shared_template", "card_reuse", "creation_burst".
   */
  'signal': (string);
  'value': (number);
  /**
   * How much the signal contributed to the score (0..1).
   */
  'weight': (number);
  /**
   * Short human-readable detail, e.g. "14 accounts share payment_fp 3f2a…".
   */
  'detail': (string);
}
