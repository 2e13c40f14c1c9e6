import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('writes JSON lines with service name, level label and message', () => {
    const out = capture();
    const log = createLogger('featurizer', { destination: out.stream, level: 'info' });
    log.info({ partition: 3 }, 'joined group');
    log.debug('hidden at info');
    const [line, ...rest] = out.lines();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ service: 'featurizer', level: 'info', msg: 'joined group', partition: 3 });
    expect(typeof line!.time).toBe('string');
  });

  it('redacts secrets, tokens and authorization headers', () => {
    const out = capture();
    const log = createLogger('policy', { destination: out.stream });
    log.info(
      { token: 't0p', config: { password: 'pw', sasl: { user: 'u' } }, req: { headers: { authorization: 'Bearer abc', host: 'h' } }, metadata: { authorization: 'x' } },
      'request',
    );
    const text = JSON.stringify(out.lines()[0]);
    for (const secret of ['t0p', '"pw"', 'Bearer abc', '"u"']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('"host":"h"');
  });
});
