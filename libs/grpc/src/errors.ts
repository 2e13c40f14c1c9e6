import * as grpc from '@grpc/grpc-js';

/** A ServiceError-shaped object a handler can pass to its callback or emit on a stream. */
export function grpcError(code: grpc.status, details: string): Partial<grpc.ServiceError> {
  return { code, details, message: details, metadata: new grpc.Metadata() };
}

/** INVALID_ARGUMENT whose message starts with the offending field, e.g. "account_id: is required". */
export function invalidArgument(field: string, problem: string): Partial<grpc.ServiceError> {
  const err = grpcError(grpc.status.INVALID_ARGUMENT, `${field}: ${problem}`);
  err.metadata!.set('x-lockstep-field', field);
  return err;
}
