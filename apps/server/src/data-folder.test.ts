import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
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
import { LOCK_FILE, PID_FILE, openDataFolder } from './data-folder';
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
    const pidFile = join(dir, PID_FILE);
    assert.equal(readFileSync(pidFile, 'utf8').trim(), String(process.pid));
    assert.equal(statSync(pidFile).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, LOCK_FILE)).mode & 0o777, 0o600);
    lock.release();
    assert.ok(!existsSync(pidFile));
    openDataFolder(dir, silentLogger).release();
  });

  test('an existing folder others can read is made private', () => {
    const dir = temp();
    chmodSync(dir, 0o755);
    openDataFolder(dir, silentLogger).release();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  test('a folder locked by a running process is refused, naming the folder and its pid', () => {
    const dir = temp();
    const lock = openDataFolder(dir, silentLogger);
    try {
      assert.throws(
        () => openDataFolder(dir, silentLogger),
        (err: unknown) =>
          err instanceof StartupError &&
          err.message.includes(dir) &&
          err.message.includes(`pid ${process.pid}`) &&
          !err.message.includes('\n'),
      );
    } finally {
      lock.release();
    }
  });

  test("the lock is the kernel's: another process holds it until it dies, however it dies", async () => {
    const dir = temp();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]);
         db.pragma('locking_mode = EXCLUSIVE'); db.exec('CREATE TABLE IF NOT EXISTS held_by (pid INTEGER)');
         db.prepare('INSERT INTO held_by VALUES (?)').run(process.pid);
         process.stdout.write('held'); setInterval(() => {}, 1000);`,
        join(dir, LOCK_FILE),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(holder.stdout, 'data');
    assert.throws(() => openDataFolder(dir, silentLogger), StartupError);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    openDataFolder(dir, silentLogger).release();
  });

  test("an older version's pid file in place of the lock is replaced", () => {
    const dir = temp();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    const lock = openDataFolder(dir, silentLogger);
    assert.equal(readFileSync(join(dir, PID_FILE), 'utf8').trim(), String(process.pid));
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
