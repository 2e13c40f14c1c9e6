import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { InputError, readLines } from './io';

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe('readLines', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-io-'));
  // Long enough to span several read and inflate chunks, with multi-byte characters across their edges.
  const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ i, s: 'é€😀'.repeat(i % 50) }));

  it('reads plain and gzipped files alike, CRLF or LF, with or without a final newline', async () => {
    const plain = path.join(dir, 'a.jsonl');
    writeFileSync(plain, lines.join('\n') + '\n');
    const gz = path.join(dir, 'b.jsonl.gz');
    writeFileSync(gz, gzipSync(lines.join('\r\n')));
    expect(await collect(readLines(plain))).toEqual(lines);
    expect(await collect(readLines(gz))).toEqual(lines);
  });

  it('keeps empty lines (the caller skips them) and reads stdin', async () => {
    const stdin = Readable.from([Buffer.from('a\n\nb'), Buffer.from('c\n')]);
    expect(await collect(readLines('-', stdin))).toEqual(['a', '', 'bc']);
  });

  it('joins lines across chunk edges: CR and LF apart, a character split in two, chunks without a newline', async () => {
    const e = Buffer.from('é');
    const chunks = [
      Buffer.from('x\r'), Buffer.from('\ny\r\n'), Buffer.from('lo'), Buffer.from('ng'), Buffer.from('\r'), Buffer.from('\n'),
      Buffer.concat([Buffer.from('caf'), e.subarray(0, 1)]), Buffer.concat([e.subarray(1), Buffer.from('\n\r\n\n')]), Buffer.from('\r'),
      Buffer.from('last\r'),
    ];
    expect(await collect(readLines('-', Readable.from(chunks)))).toEqual(['x', 'y', 'long', 'caf\u00e9', '', '', '\rlast']);
    // Every split of one text into two chunks reads as the text in one piece.
    const text = Buffer.from('a\r\nb\u20ac\n\nc\r\n\u00e9d');
    for (let cut = 0; cut <= text.length; cut++) {
      const split = await collect(readLines('-', Readable.from([text.subarray(0, cut), text.subarray(cut)])));
      expect([cut, split]).toEqual([cut, ['a', 'b\u20ac', '', 'c', '\u00e9d']]);
    }
  });

  it('fails with an InputError before reading a missing file', async () => {
    await expect(collect(readLines(path.join(dir, 'missing.jsonl')))).rejects.toBeInstanceOf(InputError);
  });
});
