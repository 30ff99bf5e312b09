import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ermine/infra';
import { LOCK_FILE, openDataFolder } from './data-folder';
import { StartupError } from './startup-error';

const dirs: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ermine-data-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('data folder', () => {
  test('is created private (0700) and locked with this process id; release frees it', () => {
    const dir = join(temp(), 'nested', 'data');
    const lock = openDataFolder(dir, silentLogger);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const file = join(dir, LOCK_FILE);
    assert.equal(readFileSync(file, 'utf8').trim(), String(process.pid));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    lock.release();
    assert.ok(!existsSync(file));
  });

  test('an existing folder others can read is made private', () => {
    const dir = temp();
    chmodSync(dir, 0o755);
    openDataFolder(dir, silentLogger).release();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  test('a folder locked by a running process is refused, naming the folder and its pid', () => {
    const dir = temp();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    assert.throws(
      () => openDataFolder(dir, silentLogger),
      (err: unknown) =>
        err instanceof StartupError &&
        err.message.includes(dir) &&
        err.message.includes(`pid ${process.ppid}`) &&
        !err.message.includes('\n'),
    );
  });

  test("a dead process's lock is taken over", () => {
    const dir = temp();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    const lock = openDataFolder(dir, silentLogger);
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8').trim(), String(process.pid));
    lock.release();
  });

  test('a path that cannot be a folder is one line naming it and the fix', () => {
    const file = join(temp(), 'a-file');
    writeFileSync(file, '');
    for (const dir of [file, join(file, 'data')]) {
      assert.throws(
        () => openDataFolder(dir, silentLogger),
        (err: unknown) =>
          err instanceof StartupError &&
          err.message.includes(dir) &&
          err.message.includes('--data') &&
          !/ENOTDIR|EEXIST/.test(err.message),
      );
    }
  });
});
