#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Builds the web app when there is no build or when a source is newer than the build, so
// `npm start` always serves the current pages. Sources: web/src, web/index.html, the Vite config
// and every file the last build recorded in web/dist/.vite/sources.json (that includes the
// server's pure modules the web app imports from src/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'web/dist/index.html');
const recorded = join(root, 'web/dist/.vite/sources.json');

/** Newest modification time under a path; directories count too, so a deleted file shows. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return Infinity; // a recorded source that is gone: the build is out of date
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function staleReason() {
  if (!existsSync(built)) return 'no build yet';
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'];
  if (existsSync(recorded)) sources.push(...JSON.parse(readFileSync(recorded, 'utf8')));
  const builtAt = statSync(built).mtimeMs;
  const changed = sources.find((s) => newest(join(root, s)) > builtAt);
  return changed ? `${changed} changed` : null;
}

const reason = staleReason();
if (reason) {
  console.log(`building the web app (${reason})…`);
  const r = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
