import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@ermine/infra';
import { StartupError, describeFsError } from './startup-error';

/** The file that marks a data folder as used by a running Ermine; it holds that process's id. */
export const LOCK_FILE = 'ermine.lock';

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
export function createPrivateFolder(dir: string, log: Logger): void {
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
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return { dir, release: () => releaseLock(file) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StartupError(
          `cannot write in the data folder ${dir}: ${describeFsError(err)}; ${FIX}`,
        );
      }
    }
    const holder = lockHolder(file);
    if (holder !== null && holder !== process.pid && isAlive(holder)) {
      throw new StartupError(
        `the data folder ${dir} is in use by another Ermine process (pid ${holder}); stop that one first, or start this one with another folder (--data DIR)`,
      );
    }
    // The process that held it is gone: take the lock over.
    try {
      unlinkSync(file);
    } catch {
      // Another starter took it over first; the next attempt sees its lock.
    }
  }
  throw new StartupError(`cannot lock the data folder ${dir}: another process keeps taking it`);
}

function lockHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(file: string): void {
  if (lockHolder(file) !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone (the folder was removed): nothing to release.
  }
}
