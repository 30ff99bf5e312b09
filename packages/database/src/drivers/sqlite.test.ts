import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { userRow } from '../users/users.fixtures';
import { openSqliteDatabase } from './sqlite';

const root = await mkdtemp(join(tmpdir(), 'ermine-sqlite-test-'));
after(() => rm(root, { recursive: true, force: true }));

interface ChildResult {
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

function startChild(args: string[], onLine?: (line: string) => void): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./sqlite-crash-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const before = stdout.split('\n').length - 1;
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    for (const line of lines.slice(before, -1)) onLine?.(line);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

test('sqlite: every acknowledged write survives the process being killed', async () => {
  const file = join(root, 'crash', 'ermine.sqlite');
  const count = 20;
  const result = await startChild(['crash', file, String(count)]);
  assert.equal(result.signal, 'SIGKILL', `child did not crash as planned: ${result.stderr}`);
  const acked = result.stdout.split('\n').filter(Boolean);
  assert.equal(acked.length, count);
  // Nothing was checkpointed by a clean close: recovery has to come from the WAL.
  assert.ok((await stat(`${file}-wal`)).size > 0);

  const db = await openSqliteDatabase({ file });
  try {
    for (const [i, id] of acked.entries()) {
      assert.ok(await db.accounts.findById(id), `acknowledged account ${i} lost`);
      if (i % 2 === 1) assert.ok(await db.users.findById(id), `acknowledged user ${i} lost`);
    }
  } finally {
    await db.close();
  }
});

test('sqlite: opening creates the missing parent folders', async () => {
  const file = join(root, 'a', 'b', 'c', 'ermine.sqlite');
  const db = await openSqliteDatabase({ file });
  await db.close();
  assert.ok((await stat(file)).isFile());
});

test('sqlite: close is idempotent and a transaction handle cannot close the database', async () => {
  const db = await openSqliteDatabase({ file: ':memory:' });
  await db.transaction(async (tx) => {
    await assert.rejects(tx.close(), /transaction/);
  });
  await db.close();
  await db.close();
});

test("sqlite: a writer waits for another process's transaction instead of failing", async () => {
  const file = join(root, 'shared', 'ermine.sqlite');
  const db = await openSqliteDatabase({ file });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const child = startChild(['hold', file, '400'], (line) => line === 'locked' && locked());
  try {
    const endedEarly = child.then((r) => {
      throw new Error(`child ended before locking: ${r.stderr}`);
    });
    endedEarly.catch(() => undefined);
    await Promise.race([isLocked, endedEarly]);
    const started = Date.now();
    const mine = userRow();
    await db.transaction((tx) => tx.users.create(mine));
    const waited = Date.now() - started;
    const result = await child;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(waited >= 100, `the write should have waited for the lock (waited ${waited} ms)`);
    assert.ok(await db.users.findById(mine.id));
    assert.deepEqual(await db.users.discriminatorsInUse('HOLDER'), ['0002']);
  } finally {
    await db.close();
  }
});
