import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository root: the nearest ancestor of this file whose package.json declares
 * workspaces. The CLI is run from the repo (npx lockstep), so repo files such as
 * test/bench are found relative to it rather than to the working directory.
 */
export function workspaceRoot(from: string = __dirname): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // An unreadable package.json is not the root; keep walking up.
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
