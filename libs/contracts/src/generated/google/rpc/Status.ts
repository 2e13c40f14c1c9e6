// Original file: google/rpc/status.proto

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from '../../google/protobuf/Any';

export interface Status {
  /**
   * A google.rpc.Code value (0 = OK).
   */
  'code'?: (number);
  'message'?: (string);
  'details'?: (_google_protobuf_Any)[];
}

export interface Status__Output {
  /**
   * A google.rpc.Code value (0 = OK).
   */
  'code': (number);
  'message': (string);
  'details': (_google_protobuf_Any__Output)[];
}
