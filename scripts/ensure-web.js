#!/usr/bin/env node
// Builds the web app once when no build exists, so `npm start` on a fresh clone serves pages.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(new URL('../web/dist/index.html', import.meta.url))) {
  console.log('building the web app (first start only)…');
  const r = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
