import { InvalidArgumentError } from 'commander';
import { examples, parseAction, parseDurationMs, parseIntInRange, parsePort, parseServerAddress } from './args';

describe('option parsers', () => {
  it('accepts ports in range and rejects the rest', () => {
    expect(parsePort('50051')).toBe(50051);
    expect(parsePort('0')).toBe(0);
    for (const bad of ['65536', '-1', 'abc', '12.5', '']) expect(() => parsePort(bad)).toThrow(InvalidArgumentError);
  });

  it('bounds integers', () => {
    const p = parseIntInRange(1, 10);
    expect(p('10')).toBe(10);
    expect(() => p('11')).toThrow('expected an integer from 1 to 10');
  });

  it('accepts host:port, bracketed IPv6 and grpc-js schemes', () => {
    for (const ok of ['127.0.0.1:1', 'localhost:50051', 'policy.svc.local:443', '[::1]:50051', 'unix:/tmp/p.sock', 'dns:policy:50051']) {
      expect(parseServerAddress(ok)).toBe(ok);
    }
    for (const bad of ['127.0.0.1', ':50051', 'host:99999', 'http://host:1']) expect(() => parseServerAddress(bad)).toThrow(InvalidArgumentError);
  });

  it('parses action names case-insensitively and names the choices on error', () => {
    expect(parseAction('SUSPEND')).toBe('suspend');
    expect(() => parseAction('block')).toThrow('expected one of allow, monitor, throttle, challenge, suspend');
  });

  it('parses durations with units', () => {
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('15m')).toBe(900_000);
    expect(parseDurationMs('2h')).toBe(7_200_000);
    expect(parseDurationMs('7d')).toBe(604_800_000);
    expect(parseDurationMs('1500')).toBe(1500);
    for (const bad of ['0', 'soon', '-5m', '5w']) expect(() => parseDurationMs(bad)).toThrow(InvalidArgumentError);
  });

  it('renders an Examples block', () => {
    expect(examples([['lockstep status', 'ask the server']])).toBe('\nExamples:\n  # ask the server\n  $ lockstep status\n');
  });
});
