// Original file: lockstep/policy/v1/policy.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchDecisionsRequest {
  /**
   * Resume after this sequence number (0 = from the oldest change still held).
   */
  'from_sequence'?: (number | string | Long);
}

export interface WatchDecisionsRequest__Output {
  /**
   * Resume after this sequence number (0 = from the oldest change still held).
   */
  'from_sequence': (number);
}
