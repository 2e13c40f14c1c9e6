import { createReadStream, existsSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** A missing or unreadable input, reported as one line by the CLI. */
export class InputError extends Error {}

/**
 * Lines of a .jsonl, .jsonl.gz (detected by magic bytes, not the name) or '-' (stdin) source.
 * Throws InputError before reading when the file does not exist.
 */
export async function* readLines(input: string, stdin: Readable = process.stdin): AsyncGenerator<string> {
  for await (const batch of readLineBatches(input, stdin)) yield* batch;
}

/**
 * readLines() a chunk at a time: the lines of each decoded chunk as one array, for loops that
 * cannot afford an await per line.
 */
export async function* readLineBatches(input: string, stdin: Readable = process.stdin): AsyncGenerator<string[]> {
  let source: Readable;
  if (input === '-') source = stdin;
  else {
    if (!existsSync(input) || !statSync(input).isFile()) throw new InputError(`input file not found: ${input}`);
    source = createReadStream(input, { highWaterMark: 1024 * 1024 });
  }
  const gz = await sniffGzip(source);
  // 64 KiB inflate chunks (they stay in the CPU caches: 256 KiB ones cost about 0.4 s more CPU on
  // sample-2d) and a plain '\n' split cost less than readline per line.
  const stream = gz.gzip ? gz.stream.pipe(createGunzip({ chunkSize: 64 * 1024 })) : gz.stream;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // The chunk's text is searched as decoded, not as rest + text: that concatenation was flattened
    // (a copy of the whole chunk, about as much garbage as the events parsed from it) by the first
    // indexOf. Only the line crossing the chunk's start is joined, and JSON.parse flattens that one anyway.
    const text = decoder.write(chunk);
    let nl = text.indexOf('\n');
    if (nl < 0) {
      rest += text;
      continue;
    }
    const batch: string[] = [withoutCr(rest + text.slice(0, nl))];
    let from = nl + 1;
    for (nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
      // CRLF files: the '\r' before the '\n' is not part of the line (withoutCr, inline).
      batch.push(text.slice(from, nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    yield batch;
  }
  rest += decoder.end();
  if (rest.length > 0) yield [withoutCr(rest)];
}

/** CRLF files: the '\r' before each '\n' is not part of the line. */
function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

async function sniffGzip(src: Readable): Promise<{ gzip: boolean; stream: Readable }> {
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  return new Promise((resolve, reject) => {
    let decided = false;
    const onData = (chunk: Buffer) => {
      if (!decided) {
        decided = true;
        resolve({ gzip: chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b, stream: out });
      }
      if (!out.write(chunk)) {
        src.pause();
        out.once('drain', () => src.resume());
      }
    };
    src.on('data', onData);
    src.once('end', () => {
      if (!decided) {
        decided = true;
        resolve({ gzip: false, stream: out });
      }
      out.end();
    });
    src.once('error', (err) => {
      if (!decided) reject(new InputError(`cannot read input: ${err.message}`));
      else out.destroy(err);
    });
  });
}
