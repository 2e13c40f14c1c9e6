import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertReadableFile, assertWritableTarget } from './input';

describe('file checks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-input-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a readable file', () => {
    const file = path.join(dir, 'e.jsonl');
    fs.writeFileSync(file, '{}\n');
    expect(() => assertReadableFile(file)).not.toThrow();
  });

  it('names a missing file and a folder given as a file', () => {
    expect(() => assertReadableFile(path.join(dir, 'nope.jsonl'))).toThrow(`input file not found: ${path.join(dir, 'nope.jsonl')}`);
    expect(() => assertReadableFile(dir, 'labels file')).toThrow(`labels file is not a regular file: ${dir}`);
  });

  it('refuses an output whose folder does not exist, and allows stdout', () => {
    expect(() => assertWritableTarget(path.join(dir, 'missing', 'out.jsonl'))).toThrow(`output folder does not exist: ${path.join(dir, 'missing')}`);
    expect(() => assertWritableTarget(path.join(dir, 'out.jsonl'))).not.toThrow();
    expect(() => assertWritableTarget('-')).not.toThrow();
  });
});
