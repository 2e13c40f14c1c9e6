import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import * as zlib from 'node:zlib';
import { CliError } from '../program/errors';

/**
 * JSON lines to a file (gzip when the name ends in .gz) or stdout ('-'), in large chunks,
 * waiting on backpressure so memory stays flat whatever the scenario size.
 */
export class JsonlFileSink {
  private buffer: string[] = [];
  private bytes = 0;
  private failed: Error | undefined;
  private readonly done: Promise<void>;
  private readonly out: Writable;
  private readonly head: Writable;

  constructor(target: string) {
    if (target === '-') {
      this.out = this.head = process.stdout;
      this.done = Promise.resolve();
    } else {
      const dir = path.dirname(path.resolve(target));
      if (!fs.existsSync(dir)) throw new CliError(`output folder does not exist: ${dir}`);
      const file = fs.createWriteStream(target);
      this.out = file;
      this.head = target.endsWith('.gz') ? zlib.createGzip({ level: 6 }) : file;
      if (this.head !== file) this.head.pipe(file);
      this.done = new Promise((resolve, reject) => {
        file.on('finish', resolve);
        file.on('error', reject);
      });
    }
    this.out.on('error', (e) => (this.failed = e));
    this.head.on('error', (e) => (this.failed = e));
  }

  /** Adds one line; resolves at once unless a chunk had to be flushed against backpressure. */
  write(line: string): Promise<void> | undefined {
    this.buffer.push(line);
    this.bytes += line.length + 1;
    return this.bytes >= 1 << 20 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.bytes = 0;
    if (!this.head.write(chunk)) await new Promise<void>((resolve) => this.head.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.head === process.stdout) return;
    this.head.end();
    await this.done;
    if (this.failed) throw this.failed;
  }
}
