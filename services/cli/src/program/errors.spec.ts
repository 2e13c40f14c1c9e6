import { z } from 'zod';
import { ConfigError } from '@lockstep/config';
import { CliError, EXIT, describeError, oneLine } from './errors';

describe('oneLine', () => {
  it('joins lines and trims', () => {
    expect(oneLine("error: unknown option '--x'\n(Did you mean --y?)\n")).toBe("error: unknown option '--x' (Did you mean --y?)");
  });
});

describe('describeError', () => {
  it('keeps a CliError message and exit code', () => {
    expect(describeError(new CliError('input file not found: x', EXIT.failure))).toEqual({ message: 'input file not found: x', exitCode: 1 });
  });

  it('treats config errors as usage errors and keeps the key in the message', () => {
    const d = describeError(new ConfigError("config key 'server' (from LOCKSTEP_SERVER): must be 'host:port'", 'server', 'LOCKSTEP_SERVER'));
    expect(d.exitCode).toBe(EXIT.usage);
    expect(d.message).toContain("'server'");
  });

  it('names the key of a raw zod error on one line', () => {
    const r = z.object({ ttlMs: z.object({ suspend: z.number().positive() }) }).safeParse({ ttlMs: { suspend: -1 } });
    const d = describeError(r.error);
    expect(d).toEqual({ message: "invalid config key 'ttlMs.suspend': Too small: expected number to be >0", exitCode: EXIT.usage });
  });

  it('says which port is taken', () => {
    const err = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:9464'), { code: 'EADDRINUSE', address: '127.0.0.1', port: 9464 });
    expect(describeError(err).message).toBe('port 9464 on 127.0.0.1 is already in use (choose another with --port, or LOCKSTEP_OPS_PORT for the ops server)');
    const bind = new Error('No address added out of total 1 resolved errors: [listen EADDRINUSE: address already in use 0.0.0.0:50051]');
    expect(describeError(bind).message).toMatch(/^port 50051 on 0\.0\.0\.0 is already in use/);
  });

  it('describes file-system errors by path', () => {
    const err = Object.assign(new Error("ENOENT: no such file or directory, open '/nope'"), { code: 'ENOENT', path: '/nope' });
    expect(describeError(err)).toEqual({ message: '/nope: no such file or directory', exitCode: 1 });
  });

  it('reports an unreachable gRPC server as such, on one line', () => {
    const err = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established.\nLast error: ECONNREFUSED' });
    const d = describeError(err);
    expect(d.message).toBe('cannot reach the PolicyService (UNAVAILABLE): No connection established. Last error: ECONNREFUSED');
    expect(d.exitCode).toBe(1);
  });

  it('reports a refused gRPC call with its status name', () => {
    const err = Object.assign(new Error('16 UNAUTHENTICATED: missing token'), { code: 16, details: 'missing token' });
    expect(describeError(err).message).toBe('PolicyService refused the call (UNAUTHENTICATED): missing token');
  });

  it('points at the broker setting when Kafka cannot be reached', () => {
    const err = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1'), { name: 'KafkaJSConnectionError' });
    expect(describeError(err).message).toBe(
      'cannot reach the Kafka broker: Connection error: connect ECONNREFUSED 127.0.0.1:1 (set LOCKSTEP_KAFKA_BROKERS, or start one: bash deploy/local/kafka.sh start)',
    );
  });

  it('never returns a stack, even for non-Error values', () => {
    expect(describeError('boom\nat x')).toEqual({ message: 'boom at x', exitCode: 1 });
  });
});
