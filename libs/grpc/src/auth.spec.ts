import * as grpc from '@grpc/grpc-js';
import { bearerMetadata, bearerToken, checkBearer } from './auth';
import { invalidArgument } from './errors';
import { codeName } from './metrics';
import { clientCredentials, serverCredentials } from './credentials';

const md = (v?: string) => {
  const m = new grpc.Metadata();
  if (v !== undefined) m.set('authorization', v);
  return m;
};

describe('bearer auth', () => {
  it('parses the token', () => {
    expect(bearerToken(md('Bearer abc'))).toBe('abc');
    expect(bearerToken(md('bearer  abc '))).toBe('abc');
    expect(bearerToken(md('Basic abc'))).toBeNull();
    expect(bearerToken(md())).toBeNull();
    expect(bearerToken(bearerMetadata('t1'))).toBe('t1');
  });
  it('maps failures to UNAUTHENTICATED or PERMISSION_DENIED', () => {
    expect(checkBearer(md('Bearer admin'), 'admin', ['report'])).toBeNull();
    expect(checkBearer(md(), 'admin')?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(checkBearer(md('Bearer nope'), 'admin', ['report'])?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(checkBearer(md('Bearer report'), 'admin', ['report', 'admin'])?.code).toBe(grpc.status.PERMISSION_DENIED);
    // Fail closed when the method has no token configured.
    expect(checkBearer(md('Bearer x'), undefined)?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(checkBearer(md('Bearer x'), '')?.code).toBe(grpc.status.PERMISSION_DENIED);
  });
});

describe('errors and codes', () => {
  it('INVALID_ARGUMENT names the field', () => {
    const e = invalidArgument('requests', 'at most 1000');
    expect(e.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(e.details).toBe('requests: at most 1000');
    expect(e.metadata!.get('x-lockstep-field')).toEqual(['requests']);
  });
  it('names status codes', () => {
    expect(codeName(0)).toBe('OK');
    expect(codeName(16)).toBe('UNAUTHENTICATED');
  });
});

describe('credentials', () => {
  it('insecure without TLS settings', () => {
    expect(serverCredentials(null)._isSecure()).toBe(false);
    expect(clientCredentials(undefined)._isSecure()).toBe(false);
  });
  it('refuses half-configured mTLS', () => {
    expect(() => serverCredentials({ certFile: '/nonexistent', keyFile: '/nonexistent', requireClientCert: true })).toThrow(/caFile/);
    expect(() => clientCredentials({ certFile: 'x' })).toThrow(/together/);
  });
});
