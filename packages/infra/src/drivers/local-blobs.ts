/**
 * `blobs` in a local folder: `<dir>/<bucket>/<key>`, each file sealed with AES-256-GCM (see
 * crypto-blobs.ts). Writes are atomic: a temp file in `<dir>/.tmp` is written, fsynced, renamed
 * into place, and the folder fsynced, so a crash leaves either the old blob or the new one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Blobs } from '../ports';
import { assertBlobName, openStoredBlob, parseEncryptionKey, sealBlob } from '../crypto-blobs';

/** Where blobs live and the key they are sealed with. */
export interface LocalBlobsOptions {
  /** Root folder; created if missing. */
  dir: string;
  /** `files.encryption_key`: base64 of 32 bytes. */
  encryptionKey: string;
}

/** Temp files older than this are left over from a crash and removed on open. */
const STALE_TEMP_MS = 60 * 60_000;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeStaleTemps(tmpDir: string): Promise<void> {
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    const path = join(tmpDir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
  }
}

/** Encrypted blobs on the local disk (single-process mode). Throws at once on a bad key. */
export function createLocalBlobs(options: LocalBlobsOptions): Blobs {
  const key = parseEncryptionKey(options.encryptionKey);
  const tmpDir = join(options.dir, '.tmp');
  const ready = mkdir(tmpDir, { recursive: true }).then(() => removeStaleTemps(tmpDir));
  ready.catch(() => undefined);
  const pathOf = (bucket: string, name: string): string => {
    assertBlobName('bucket', bucket);
    assertBlobName('key', name);
    return join(options.dir, bucket, ...name.split('/'));
  };

  return {
    async put(bucket, name, data, contentType) {
      const target = pathOf(bucket, name);
      await ready;
      await mkdir(dirname(target), { recursive: true });
      const temp = join(tmpDir, `${randomUUID()}.part`);
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(sealBlob(key, data, contentType));
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      await fsyncDir(dirname(target));
    },
    async get(bucket, name) {
      let sealed: Buffer;
      try {
        sealed = await readFile(pathOf(bucket, name));
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      return openStoredBlob(key, sealed);
    },
    async delete(bucket, name) {
      try {
        await unlink(pathOf(bucket, name));
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    },
    async close() {
      await ready.catch(() => undefined);
    },
  };
}
