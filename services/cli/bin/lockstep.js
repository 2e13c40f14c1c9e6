#!/usr/bin/env node
'use strict';
// Thin launcher: the program lives in the compiled dist/ so that `npx lockstep` starts
// without a TypeScript toolchain. Build first with `npm run build` (or `npx nx run cli:build`).
let main;
try {
  ({ main } = require('../dist/main.js'));
} catch (err) {
  const first = String((err && err.message) || err).split('\n')[0];
  if (err && err.code === 'MODULE_NOT_FOUND') {
    const what = first.includes('dist/main.js') ? 'the CLI is not built yet' : `a project it needs is not built (${first})`;
    process.stderr.write(`lockstep: error: ${what}; run 'npm run build' first\n`);
  } else {
    process.stderr.write(`lockstep: error: cannot load the CLI: ${first}\n`);
  }
  process.exit(1);
}
main(process.argv);
