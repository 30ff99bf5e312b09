import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  STOAT_DEMO_ENCRYPTION_KEY,
  STOAT_DEMO_VAPID_PRIVATE_KEY,
  STOAT_DEMO_VAPID_PUBLIC_KEY,
  applyLocalSecrets,
  decodeVapidPrivateKey,
  defaultConfig,
  ensureLocalSecrets,
  generateSecrets,
  isEncryptionKey,
  isVapidPublicKey,
  validateConfig,
} from './index';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'ermine-secrets-'));
  roots.push(root);
  return root;
}

describe('generateSecrets', () => {
  test("formats: LiveKit key/secret, S3, RabbitMQ, encryption key, VAPID in Stoat's encodings", () => {
    const s = generateSecrets();
    assert.match(s.livekitKey, /^API[A-Za-z0-9]{12}$/);
    assert.ok(s.livekitSecret.length >= 32);
    assert.match(s.s3AccessKeyId, /^[A-Za-z0-9]{20}$/);
    assert.match(s.s3SecretAccessKey, /^[A-Za-z0-9]{40}$/);
    assert.match(s.rabbitPassword, /^[A-Za-z0-9]{32}$/);
    assert.equal(Buffer.from(s.encryptionKey, 'base64').length, 32);
    assert.ok(isEncryptionKey(s.encryptionKey));
    // Stoat decodes the private key as URL-safe base64 without padding, then reads a PEM.
    assert.match(s.vapidPrivateKey, /^[A-Za-z0-9_-]+$/);
    const pem = Buffer.from(s.vapidPrivateKey, 'base64url').toString('utf8');
    assert.match(pem, /^-----BEGIN EC PRIVATE KEY-----\n/);
    const key = createPrivateKey(pem);
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const point = Buffer.from(s.vapidPublicKey, 'base64url');
    assert.equal(point.length, 65);
    assert.equal(point[0], 4);
    assert.deepEqual(
      validateConfig({
        ...defaultConfig(),
        pushd: {
          ...defaultConfig().pushd,
          vapid: { queue: 'q', private_key: s.vapidPrivateKey, public_key: s.vapidPublicKey },
        },
      }),
      [],
    );
  });

  test('two runs differ in every secret', () => {
    const a = generateSecrets();
    const b = generateSecrets();
    for (const k of Object.keys(a) as (keyof typeof a)[]) assert.notEqual(a[k], b[k], k);
  });

  test('the raw VAPID scalar (what web-push libraries take) signs for the public key', () => {
    const s = generateSecrets();
    const decoded = decodeVapidPrivateKey(s.vapidPrivateKey);
    assert.ok(decoded);
    assert.equal(decoded.publicKey, s.vapidPublicKey);
    assert.equal(Buffer.from(decoded.raw, 'base64url').length, 32);
    const point = Buffer.from(s.vapidPublicKey, 'base64url');
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    };
    const privateKey = createPrivateKey({ key: { ...jwk, d: decoded.raw }, format: 'jwk' });
    const signature = sign('sha256', Buffer.from('claims'), privateKey);
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from('claims'), publicKey, signature));
  });

  test("the decoder reads Stoat's own demo pair and finds its public key", () => {
    const decoded = decodeVapidPrivateKey(STOAT_DEMO_VAPID_PRIVATE_KEY);
    assert.ok(decoded);
    assert.equal(decoded.publicKey, STOAT_DEMO_VAPID_PUBLIC_KEY.replace(/=+$/, ''));
    assert.ok(isVapidPublicKey(STOAT_DEMO_VAPID_PUBLIC_KEY));
  });
});

describe('ensureLocalSecrets', () => {
  test('creates secrets.json (0600) on first run and reads the same values back later', async () => {
    const dir = join(tempDir(), 'data');
    const first = await ensureLocalSecrets(dir);
    assert.equal(first.created, true);
    assert.equal(first.file, join(dir, 'secrets.json'));
    assert.equal(statSync(first.file).mode & 0o777, 0o600);
    assert.ok(isEncryptionKey(first.encryptionKey));
    assert.ok(decodeVapidPrivateKey(first.vapidPrivateKey));
    assert.ok(first.sfuSecret.length >= 32);
    const second = await ensureLocalSecrets(dir);
    assert.equal(second.created, false);
    for (const k of [
      'encryptionKey',
      'vapidPrivateKey',
      'vapidPublicKey',
      'sfuKey',
      'sfuSecret',
    ] as const) {
      assert.equal(second[k], first[k]);
    }
  });

  test('a missing field is generated and saved, keeping the rest', async () => {
    const dir = tempDir();
    const first = await ensureLocalSecrets(dir);
    const stored = JSON.parse(readFileSync(first.file, 'utf8')) as Record<string, string>;
    delete stored.sfuSecret;
    writeFileSync(first.file, JSON.stringify(stored));
    const warnings: string[] = [];
    const again = await ensureLocalSecrets(dir, { warn: (m) => warnings.push(m) });
    assert.equal(again.encryptionKey, first.encryptionKey);
    assert.notEqual(again.sfuSecret, '');
    assert.match(warnings[0] ?? '', /sfuSecret/);
    assert.equal((await ensureLocalSecrets(dir)).sfuSecret, again.sfuSecret);
  });

  test('a corrupt file is refused, never replaced (it holds the key of every stored file)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.json'), '{ not json');
    await assert.rejects(ensureLocalSecrets(dir), /not valid JSON/);
    assert.equal(readFileSync(join(dir, 'secrets.json'), 'utf8'), '{ not json');
  });
});

describe('applyLocalSecrets', () => {
  const local = {
    encryptionKey: Buffer.alloc(32, 7).toString('base64'),
    vapidPrivateKey: 'local-private',
    vapidPublicKey: 'local-public',
    sfuKey: 'APIlocal',
    sfuSecret: 'local-secret',
  };

  test("replaces Stoat's demo values and adds the embedded SFU's node; leaves the input alone", () => {
    const config = defaultConfig();
    const out = applyLocalSecrets(config, local);
    assert.equal(out.files.encryption_key, local.encryptionKey);
    assert.equal(out.pushd.vapid.private_key, 'local-private');
    assert.equal(out.pushd.vapid.public_key, 'local-public');
    assert.deepEqual(out.api.livekit.nodes.worldwide, {
      url: '',
      lat: 0,
      lon: 0,
      key: 'APIlocal',
      secret: 'local-secret',
      private: false,
    });
    assert.equal(config.files.encryption_key, STOAT_DEMO_ENCRYPTION_KEY);
    assert.deepEqual(config.api.livekit.nodes, {});
  });

  test('keeps every value the operator set', () => {
    const s = generateSecrets();
    const config = defaultConfig();
    config.files.encryption_key = s.encryptionKey;
    config.pushd.vapid.private_key = s.vapidPrivateKey;
    config.pushd.vapid.public_key = s.vapidPublicKey;
    config.api.livekit.nodes.worldwide = {
      url: 'http://x',
      lat: 1,
      lon: 2,
      key: 'K',
      secret: 'S',
      private: true,
    };
    const out = applyLocalSecrets(config, local);
    assert.deepEqual(out, config);
  });

  test('an embedded node with neither key nor secret gets both; no SFU, no node', () => {
    const config = defaultConfig();
    config.api.livekit.nodes.worldwide = {
      url: '',
      lat: 5,
      lon: 6,
      key: '',
      secret: '',
      private: false,
    };
    const out = applyLocalSecrets(config, local);
    assert.equal(out.api.livekit.nodes.worldwide?.key, 'APIlocal');
    assert.equal(out.api.livekit.nodes.worldwide?.lat, 5);
    const off = defaultConfig();
    off.sfu.enabled = false;
    assert.deepEqual(applyLocalSecrets(off, local).api.livekit.nodes, {});
  });
});
