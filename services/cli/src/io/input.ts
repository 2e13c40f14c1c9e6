import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT } from '../program/errors';

/** Fails early, with one line, when an input file is missing, a folder, or unreadable. */
export function assertReadableFile(file: string, what = 'input file'): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CliError(`${what} not found: ${file}`, EXIT.failure);
  }
  if (!stat.isFile()) throw new CliError(`${what} is not a regular file: ${file}`, EXIT.failure);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new CliError(`${what} is not readable: ${file}`, EXIT.failure);
  }
}

/** Fails early when an output file could not be created: its folder is missing. */
export function assertWritableTarget(file: string, what = 'output'): void {
  if (file === '-') return;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`${what} folder does not exist: ${dir}`, EXIT.failure);
}
