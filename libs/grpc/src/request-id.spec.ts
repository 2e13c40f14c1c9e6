import * as grpc from '@grpc/grpc-js';
import { requestIdOf } from './request-id';

describe('requestIdOf', () => {
  it('keeps a well-formed caller id', () => {
    const md = new grpc.Metadata();
    md.set('x-request-id', 'gw-123.abc');
    expect(requestIdOf(md)).toBe('gw-123.abc');
  });

  it('replaces a missing or unsafe id with a fresh uuid', () => {
    const md = new grpc.Metadata();
    md.set('x-request-id', 'x'.repeat(200));
    const id = requestIdOf(md);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new grpc.Metadata())).not.toBe(id);
  });
});
