#!/usr/bin/env node
// Runs the test suite with Node's own test runner (TypeScript through tsx).
//   node scripts/test.mjs                 every tier: unit, route, contract, end to end
//   node scripts/test.mjs --tier unit     *.test.ts only (no e2e)
//   node scripts/test.mjs --tier e2e      e2e/**/*.e2e.ts only
//   node scripts/test.mjs path/to/x.test.ts ...   just those files
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
let tier = 'all';
const explicit = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--tier') tier = args[++i] ?? 'all';
  else explicit.push(args[i]);
}

const SKIP = new Set(['node_modules', 'data', 'dist', '.git', '.tmp']);

function walk(dir, out) {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const full = join(dir, entry);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else out.push(relative(root, full));
  }
  return out;
}

function collect() {
  if (explicit.length > 0) return explicit;
  const files = walk(root, []);
  const unit = files.filter((f) => f.endsWith('.test.ts'));
  const e2e = files.filter((f) => f.startsWith('e2e/') && f.endsWith('.e2e.ts'));
  if (tier === 'unit') return unit;
  if (tier === 'e2e') return e2e;
  return [...unit, ...e2e];
}

const files = collect().sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  [
    '--experimental-websocket',
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
