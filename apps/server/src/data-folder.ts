import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '@ermine/infra';
import { StartupError, describeFsError } from './startup-error';

/** The file whose kernel lock marks a data folder as used by a running Ermine. */
export const LOCK_FILE = 'ermine.lock';
/** Beside it, the id of the process holding the lock, for the message a second starter prints. */
export const PID_FILE = 'ermine.pid';

const FIX =
  'make it writable by this user, or choose another folder with --data DIR (or [ermine] data_dir)';

/** A data folder this process holds; `release` lets the next process have it. */
export interface DataFolderLock {
  dir: string;
  release(): void;
}

/**
 * Opens the single process's data folder: creates it private (0700), tightens a folder others
 * can read, and locks it for this process, so that two processes never share one SQLite file.
 * Every failure is a `StartupError` naming the folder and the fix.
 */
export function openDataFolder(dir: string, log: Logger): DataFolderLock {
  createPrivateFolder(dir, log);
  return lock(dir);
}

/** Creates `dir` (0700) if missing, else makes an existing one readable by its owner only. */
function createPrivateFolder(dir: string, log: Logger): void {
  let mode: number;
  try {
    mode = statSync(dir).mode;
  } catch {
    log.info({ dir }, 'creating the data folder');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      return;
    } catch (err) {
      throw new StartupError(
        `cannot create the data folder ${dir}: ${describeFsError(err)}; ${FIX}`,
      );
    }
  }
  if ((mode & 0o170000) !== 0o040000) {
    throw new StartupError(`the data folder ${dir} is not a folder; ${FIX}`);
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(dir, 0o700);
    log.info({ dir }, 'made the data folder private (0700)');
  } catch (err) {
    log.warn({ dir, reason: describeFsError(err) }, 'could not make the data folder private');
  }
}

function lock(dir: string): DataFolderLock {
  const file = join(dir, LOCK_FILE);
  const pidFile = join(dir, PID_FILE);
  const cannotWrite = (err: unknown) =>
    new StartupError(`cannot write in the data folder ${dir}: ${describeFsError(err)}; ${FIX}`);
  try {
    // SQLite reports a folder it can't write in without the cause: ask the kernel first.
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw cannotWrite(err);
  }
  let held: BetterSqlite3.Database;
  try {
    held = holdExclusively(file);
  } catch (err) {
    if (!isBusy(err)) throw cannotWrite(err);
    const holder = lockHolder(pidFile);
    throw new StartupError(
      `the data folder ${dir} is in use by another Ermine process${holder === null ? '' : ` (pid ${holder})`}; stop that one first, or start this one with another folder (--data DIR)`,
    );
  }
  try {
    writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  } catch (err) {
    held.close();
    throw cannotWrite(err);
  }
  return {
    dir,
    release: () => {
      if (lockHolder(pidFile) === process.pid) rmSync(pidFile, { force: true });
      held.close();
    },
  };
}

/**
 * Takes the kernel's lock on `file` through SQLite's exclusive locking mode: it is held until the
 * handle closes or the process ends, however it ends, so a crashed process never leaves a lock
 * behind and two starters can't both win. A file that isn't a lock database (an older Ermine's
 * pid file) is replaced.
 */
function holdExclusively(file: string): BetterSqlite3.Database {
  for (let attempt = 0; ; attempt++) {
    const db = new BetterSqlite3(file, { timeout: 0 });
    try {
      chmodSync(file, 0o600);
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock; EXCLUSIVE mode keeps it after the commit.
      db.exec('CREATE TABLE IF NOT EXISTS held_by (pid INTEGER)');
      db.prepare('DELETE FROM held_by').run();
      db.prepare('INSERT INTO held_by (pid) VALUES (?)').run(process.pid);
      return db;
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code !== 'SQLITE_NOTADB' || attempt > 0) throw err;
      rmSync(file, { force: true });
    }
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}

function lockHolder(pidFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
