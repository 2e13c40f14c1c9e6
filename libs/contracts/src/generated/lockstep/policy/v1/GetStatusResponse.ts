// Original file: lockstep/policy/v1/policy.proto

import type { Long } from '@grpc/proto-loader';

export interface GetStatusResponse {
  'accounts'?: (number | string | Long);
  'campaigns'?: (number | string | Long);
  'overrides'?: (number | string | Long);
  'sequence'?: (number | string | Long);
  'accounts_by_action'?: ({[key: string]: number | string | Long});
  'shadow_mode'?: (boolean);
  'version'?: (string);
  'started_at_ms'?: (number | string | Long);
}

export interface GetStatusResponse__Output {
  'accounts': (number);
  'campaigns': (number);
  'overrides': (number);
  'sequence': (number);
  'accounts_by_action': ({[key: string]: number});
  'shadow_mode': (boolean);
  'version': (string);
  'started_at_ms': (number);
}
