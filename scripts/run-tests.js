#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Finds *.test.ts under the given folders (default: src and test) and runs them with Node's test
// runner through tsx. Node 20's runner does not expand globs itself.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const roots = args.length ? args : ['src', 'test'];
const files = [];
for (const root of roots) {
  if (statSync(root).isFile()) files.push(root);
  else
    for (const f of readdirSync(root, { recursive: true }))
      if (String(f).endsWith('.test.ts')) files.push(join(root, String(f)));
}
files.sort();
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
