import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type TestS3Server } from '@ermine/testing/s3';
import { blobsCases, newEncryptionKey } from './blobs.case';
import { BlobDecryptionError, openBlob, sealBlob } from './crypto-blobs';
import { createLocalBlobs } from './drivers/local-blobs';
import { createS3Blobs } from './drivers/s3-blobs';

const tempRoot = await mkdtemp(join(tmpdir(), 'ermine-blobs-test-'));
after(() => rm(tempRoot, { recursive: true, force: true }));

async function readOrNull(path: string): Promise<Uint8Array | null> {
  return readFile(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
}

describe('blobs: local folder', () => {
  const dir = join(tempRoot, 'files');
  blobsCases({
    open: async (encryptionKey) => createLocalBlobs({ dir, encryptionKey }),
    raw: (bucket, key) => readOrNull(join(dir, bucket, ...key.split('/'))),
  });

  test('local: writes leave no temp files; blob files are private (0600)', async () => {
    const own = join(tempRoot, 'own');
    const blobs = createLocalBlobs({ dir: own, encryptionKey: newEncryptionKey() });
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          blobs.put('attachments', `f${i}`, Buffer.from(`v${i}`), 'text/plain'),
        ),
      );
      assert.deepEqual(await readdir(join(own, '.tmp')), []);
      assert.equal((await readdir(join(own, 'attachments'))).length, 10);
      assert.equal((await stat(join(own, 'attachments', 'f0'))).mode & 0o777, 0o600);
    } finally {
      await blobs.close();
    }
  });

  test('local: temp files left by a crash are removed on open, recent ones are kept', async () => {
    const own = join(tempRoot, 'crashed');
    const first = createLocalBlobs({ dir: own, encryptionKey: newEncryptionKey() });
    await first.close();
    const stale = join(own, '.tmp', 'stale.part');
    const recent = join(own, '.tmp', 'recent.part');
    await writeFile(stale, 'half a blob');
    await writeFile(recent, 'being written by someone');
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    await utimes(stale, old, old);
    const second = createLocalBlobs({ dir: own, encryptionKey: newEncryptionKey() });
    await second.close();
    assert.deepEqual(await readdir(join(own, '.tmp')), ['recent.part']);
  });
});

describe('blobs: sealed format', () => {
  test('tampering with any byte (data, IV, content type or tag) fails the read', () => {
    const key = Buffer.from(newEncryptionKey(), 'base64');
    const sealed = sealBlob(key, Buffer.from('hello world'), 'text/plain');
    assert.equal(openBlob(key, sealed).data.toString(), 'hello world');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] = (copy[i] ?? 0) ^ 0x01;
      assert.throws(
        () => openBlob(key, copy),
        BlobDecryptionError,
        `byte ${i} flipped went unnoticed`,
      );
    }
    assert.throws(() => openBlob(key, sealed.subarray(0, 20)), BlobDecryptionError);
    assert.throws(() => openBlob(key, Buffer.from('plain old file')), BlobDecryptionError);
  });
});

describe('blobs: s3 (s3rver)', () => {
  let server: TestS3Server;
  before(async () => {
    server = await startS3Server();
  });
  after(() => server.close());

  const rawClient = (): S3Client =>
    new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      forcePathStyle: true,
    });

  const rawObject = async (bucket: string, key: string): Promise<Uint8Array | null> => {
    const client = rawClient();
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await out.Body?.transformToByteArray()) ?? null;
    } catch (err) {
      if (
        (err as { name?: string }).name === 'NoSuchKey' ||
        (err as { name?: string }).name === 'NoSuchBucket'
      )
        return null;
      throw err;
    } finally {
      client.destroy();
    }
  };

  const options = (encryptionKey: string) => ({
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    encryptionKey,
  });

  describe('path-style, one S3 bucket per port bucket', () => {
    blobsCases({
      open: async (encryptionKey) => createS3Blobs({ ...options(encryptionKey), pathStyle: true }),
      raw: rawObject,
    });
  });

  describe('one configured bucket (Stoat default_bucket), keys <bucket>/<key>', () => {
    blobsCases({
      open: async (encryptionKey) =>
        createS3Blobs({ ...options(encryptionKey), pathStyle: true, bucket: 'revolt-uploads' }),
      raw: (bucket, key) => rawObject('revolt-uploads', `${bucket}/${key}`),
    });
  });

  describe('virtual-host addressing', () => {
    blobsCases({
      open: async (encryptionKey) =>
        createS3Blobs({
          ...options(encryptionKey),
          endpoint: server.vhostEndpoint,
          pathStyle: false,
          bucket: 'vhost-uploads',
          requestHandler: { httpAgent: server.agent },
        }),
      raw: (bucket, key) => rawObject('vhost-uploads', `${bucket}/${key}`),
    });
  });

  test('s3: requests use the addressing asked for', async () => {
    const key = newEncryptionKey();
    const path = createS3Blobs({ ...options(key), pathStyle: true, bucket: 'addr-path' });
    const vhost = createS3Blobs({
      ...options(key),
      endpoint: server.vhostEndpoint,
      pathStyle: false,
      bucket: 'addr-vhost',
      requestHandler: { httpAgent: server.agent },
    });
    try {
      const from = server.requests.length;
      await path.put('attachments', 'p', Buffer.from('p'), 'text/plain');
      await vhost.put('attachments', 'v', Buffer.from('v'), 'text/plain');
      const seen = server.requests
        .slice(from)
        .filter((r) => r.method === 'PUT' && /\/attachments\/[pv]$/.test(r.path));
      const pathPut = seen.find((r) => r.path === '/addr-path/attachments/p');
      const vhostPut = seen.find((r) => r.path === '/attachments/v');
      assert.ok(pathPut, `no path-style PUT among ${JSON.stringify(seen)}`);
      assert.match(pathPut.host, /^127\.0\.0\.1:\d+$/);
      assert.ok(vhostPut, `no virtual-host PUT among ${JSON.stringify(seen)}`);
      assert.match(vhostPut.host, /^addr-vhost\.s3\.ermine\.test:\d+$/);
    } finally {
      await path.close();
      await vhost.close();
    }
  });
});
