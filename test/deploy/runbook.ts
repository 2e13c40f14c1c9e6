// Pulls the shell commands out of deploy/RUNBOOK.md so the test can hold them to the real CLI,
// the real manifests and the real config schemas.

/** Lines of the ```bash blocks, with `\` continuations joined and comments dropped. */
export function shellLines(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, ' ');
    for (const raw of joined.split('\n')) {
      const line = stripComment(raw).trim();
      if (line) out.push(line);
    }
  }
  return out;
}

/** Inline `code` spans too: the runbook gives one-line commands in prose as well. */
export function inlineCommands(markdown: string, prefix: string): string[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim()).filter((c) => c.startsWith(prefix));
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Shell words of a simple command line (quotes removed; no expansion). Stops at a pipe or `;`. */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '|' || c === ';' || c === '&') {
      break;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

/** Every `npx lockstep ...` invocation, as the words after `lockstep`. */
export function lockstepInvocations(markdown: string): string[][] {
  const lines = [...shellLines(markdown), ...inlineCommands(markdown, 'npx lockstep ')];
  return lines.filter((l) => l.startsWith('npx lockstep ')).map((l) => words(l).slice(2));
}

/** Values given to LOCKSTEP_POLICY in `kubectl set env` commands (the shadow-mode switch). */
export function policyEnvValues(markdown: string): string[] {
  return shellLines(markdown)
    .filter((l) => l.startsWith('kubectl ') && l.includes(' set env '))
    .flatMap((l) => words(l).filter((w) => w.startsWith('LOCKSTEP_POLICY=')).map((w) => w.slice('LOCKSTEP_POLICY='.length)));
}

/** `kind/name` and `get <kind> <name>` references in kubectl commands. */
export function kubectlReferences(markdown: string): { kind: string; name: string }[] {
  const lines = [...shellLines(markdown), ...inlineCommands(markdown, 'kubectl ')].filter((l) => l.startsWith('kubectl '));
  const refs: { kind: string; name: string }[] = [];
  for (const line of lines) {
    // `kind/name` words, except file arguments (`apply -k deploy/k8s`).
    for (const m of line.matchAll(/(?<!(?:-k|-f|--kustomize|--filename)\s)(?:^|(?<=\s))(deployment|deploy|svc|service|hpa|secret)\/([a-z0-9-]+)/g)) {
      refs.push({ kind: m[1]!, name: m[2]! });
    }
    const w = words(line);
    const get = w.indexOf('get');
    if (get >= 0 && ['secret', 'hpa', 'endpoints'].includes(w[get + 1] ?? '') && w[get + 2] && !w[get + 2]!.startsWith('-')) refs.push({ kind: w[get + 1]!, name: w[get + 2]! });
  }
  return refs;
}

/** Values of `app.kubernetes.io/name` in label selectors (`-l name=x`, `name in (a,b)`). */
export function selectorNames(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/app\.kubernetes\.io\/name=([a-z0-9-]+)/g)) out.push(m[1]!);
  for (const m of markdown.matchAll(/app\.kubernetes\.io\/name in \(([^)]*)\)/g)) out.push(...m[1]!.split(',').map((s) => s.trim()));
  return out;
}
