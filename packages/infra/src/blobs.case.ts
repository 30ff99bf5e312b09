import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { Blobs } from './ports';

/** How the blobs contract gets stores of one driver. */
export interface BlobsDriver {
  /** Opens the driver on its one storage (same folder or bucket every time) with this key. */
  open(encryptionKey: string): Promise<Blobs>;
  /** The bytes as stored at rest for a blob, or null when absent. */
  raw(bucket: string, key: string): Promise<Uint8Array | null>;
}

/** A fresh `files.encryption_key`. */
export function newEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

let counter = 0;
const unique = (label: string): string =>
  `${label}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

/** Registers the contract every `blobs` driver must pass. */
export function blobsCases(driver: BlobsDriver): void {
  const key = newEncryptionKey();
  const withBlobs = async (fn: (blobs: Blobs) => Promise<void>, encryptionKey = key) => {
    const blobs = await driver.open(encryptionKey);
    try {
      await fn(blobs);
    } finally {
      await blobs.close();
    }
  };

  test('put then get returns the same bytes, size and content type', () =>
    withBlobs(async (blobs) => {
      const name = unique('a');
      const data = new Uint8Array(256).map((_, i) => i);
      await blobs.put('attachments', name, data, 'image/png');
      const got = await blobs.get('attachments', name);
      assert.ok(got);
      assert.deepEqual(Buffer.from(got.data), Buffer.from(data));
      assert.deepEqual(got.info, { size: 256, contentType: 'image/png' });
    }));

  test('empty and large blobs round-trip; content types keep their parameters', () =>
    withBlobs(async (blobs) => {
      const empty = unique('empty');
      await blobs.put('attachments', empty, new Uint8Array(0), 'text/plain; charset=utf-8');
      const gotEmpty = await blobs.get('attachments', empty);
      assert.ok(gotEmpty);
      assert.equal(gotEmpty.data.length, 0);
      assert.deepEqual(gotEmpty.info, { size: 0, contentType: 'text/plain; charset=utf-8' });
      const big = unique('big');
      const data = randomBytes(5 * 1024 * 1024 + 3);
      await blobs.put('attachments', big, data, 'video/mp4');
      const gotBig = await blobs.get('attachments', big);
      assert.ok(gotBig);
      assert.equal(gotBig.info.size, data.length);
      assert.ok(Buffer.from(gotBig.data).equals(data), 'large blob bytes differ');
    }));

  test('get of a missing key or bucket is null', () =>
    withBlobs(async (blobs) => {
      assert.equal(await blobs.get('attachments', unique('missing')), null);
      assert.equal(await blobs.get(unique('nobucket'), 'x'), null);
    }));

  test('put replaces; delete removes; deleting a missing blob is fine', () =>
    withBlobs(async (blobs) => {
      const name = unique('r');
      await blobs.put('avatars', name, Buffer.from('one'), 'text/plain');
      await blobs.put('avatars', name, Buffer.from('second'), 'application/octet-stream');
      const got = await blobs.get('avatars', name);
      assert.equal(Buffer.from(got?.data ?? []).toString(), 'second');
      assert.equal(got?.info.contentType, 'application/octet-stream');
      await blobs.delete('avatars', name);
      assert.equal(await blobs.get('avatars', name), null);
      await blobs.delete('avatars', name);
      await blobs.delete(unique('nobucket'), 'x');
    }));

  test('buckets are separate; keys may have "/" segments', () =>
    withBlobs(async (blobs) => {
      const name = unique('same');
      await blobs.put('icons', name, Buffer.from('icon'), 'image/png');
      await blobs.put('banners', name, Buffer.from('banner'), 'image/png');
      assert.equal(Buffer.from((await blobs.get('icons', name))?.data ?? []).toString(), 'icon');
      assert.equal(
        Buffer.from((await blobs.get('banners', name))?.data ?? []).toString(),
        'banner',
      );
      const nested = `${unique('dir')}/original`;
      await blobs.put('attachments', nested, Buffer.from('nested'), 'text/plain');
      assert.equal(
        Buffer.from((await blobs.get('attachments', nested))?.data ?? []).toString(),
        'nested',
      );
    }));

  test('names that could escape their folder are refused', () =>
    withBlobs(async (blobs) => {
      const data = Buffer.from('x');
      for (const [bucket, name] of [
        ['attachments', '../escape'],
        ['attachments', 'a/../../escape'],
        ['attachments', '.hidden'],
        ['attachments', 'a//b'],
        ['attachments', ''],
        ['..', 'x'],
        ['a/b', 'x'],
        ['', 'x'],
      ] as const) {
        await assert.rejects(
          blobs.put(bucket, name, data, 'text/plain'),
          /invalid blob/,
          `${bucket} ${name}`,
        );
        await assert.rejects(blobs.get(bucket, name), /invalid blob/, `${bucket} ${name}`);
      }
    }));

  test('blobs are encrypted at rest, with a fresh IV for every write', () =>
    withBlobs(async (blobs) => {
      const marker = Buffer.from('PLAINTEXT-MARKER-'.repeat(64));
      const first = unique('secret');
      const second = unique('secret');
      await blobs.put('attachments', first, marker, 'text/plain');
      await blobs.put('attachments', second, marker, 'text/plain');
      const rawFirst = await driver.raw('attachments', first);
      const rawSecond = await driver.raw('attachments', second);
      assert.ok(rawFirst && rawSecond, 'raw objects exist');
      assert.equal(
        Buffer.from(rawFirst).includes('PLAINTEXT-MARKER'),
        false,
        'plaintext visible at rest',
      );
      assert.ok(rawFirst.length >= marker.length + 12 + 16, 'IV and tag are stored');
      assert.equal(
        Buffer.from(rawFirst).equals(Buffer.from(rawSecond)),
        false,
        'same bytes, same ciphertext',
      );
    }));

  test('a wrong encryption key is an error, never garbage', async () => {
    const name = unique('keyed');
    await withBlobs(async (blobs) => {
      await blobs.put('attachments', name, Buffer.from('for the right key only'), 'text/plain');
    });
    await withBlobs(async (blobs) => {
      await assert.rejects(
        blobs.get('attachments', name),
        /wrong files.encryption_key or corrupted/,
      );
    }, newEncryptionKey());
    await withBlobs(async (blobs) => {
      const got = await blobs.get('attachments', name);
      assert.equal(Buffer.from(got?.data ?? []).toString(), 'for the right key only');
    });
  });

  test('a key that is not base64 of 32 bytes is refused when opening', async () => {
    for (const bad of [
      '',
      'short',
      Buffer.alloc(16).toString('base64'),
      Buffer.alloc(33).toString('base64'),
    ]) {
      await assert.rejects(async () => {
        const blobs = await driver.open(bad);
        await blobs.close();
      }, /encryption_key/);
    }
  });

  test('concurrent writes of one key leave one complete blob', () =>
    withBlobs(async (blobs) => {
      const name = unique('race');
      const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i + 1));
      await Promise.all(
        versions.map((v) => blobs.put('attachments', name, v, 'application/octet-stream')),
      );
      const got = await blobs.get('attachments', name);
      assert.ok(got);
      const bytes = Buffer.from(got.data);
      assert.ok(
        versions.some((v) => v.equals(bytes)),
        'the stored blob is not one of the written versions',
      );
    }));
}
