import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'smol-toml';
import { loadConfig, resolvePublicUrls, validateForMode, type ServiceName } from '@ermine/config';
import { runConfigCheck } from './config-check';
import { runInit } from './init';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'ermine-init-'));
  roots.push(root);
  return root;
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), cwd, env: {} },
  };
}

type Toml = Record<string, Record<string, unknown>>;
function secretsOf(file: string) {
  const t = parse(readFileSync(file, 'utf8')) as Toml;
  const api = t.api as { livekit: { nodes: Record<string, { key: string; secret: string }> } };
  const pushd = t.pushd as { vapid: { private_key: string; public_key: string } };
  const files = t.files as {
    encryption_key: string;
    s3: { access_key_id: string; secret_access_key: string };
  };
  return {
    rabbit: (t.rabbit as { password: string }).password,
    encryption: files.encryption_key,
    s3: files.s3.secret_access_key,
    vapid: pushd.vapid.private_key,
    vapidPublic: pushd.vapid.public_key,
    livekitKey: api.livekit.nodes.worldwide?.key,
    livekitSecret: api.livekit.nodes.worldwide?.secret,
  };
}

describe('ermine init', () => {
  test('writes ./Revolt.toml (0600) that passes `ermine config check` and derives every URL from --domain', async () => {
    const cwd = tempDir();
    const run = io(cwd);
    assert.equal(await runInit(['--domain', 'chat.example.com'], run.io), 0, run.err.join('\n'));
    const file = join(cwd, 'Revolt.toml');
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const check = io(cwd);
    assert.equal(await runConfigCheck([], check.io), 0, check.out.join('\n'));
    assert.match(check.out.join('\n'), /ok: no problems found/);

    const { config, problems } = loadConfig({ cwd, env: {} });
    assert.deepEqual(problems, []);
    assert.equal(config.ermine.public_url, 'https://chat.example.com');
    assert.equal(config.hosts.livekit.worldwide, 'wss://chat.example.com/livekit');
    const node = config.api.livekit.nodes.worldwide;
    assert.ok(node && node.key.startsWith('API') && node.secret.length >= 32);
    assert.equal(node.lat, 0);
    assert.equal(config.sfu.node, 'worldwide');
    assert.notEqual(config.rabbit.password, 'rabbitpass');
    assert.notEqual(config.files.s3.secret_access_key, 'minioautumn');
    const urls = resolvePublicUrls(config, 14700);
    assert.equal(urls.api, 'https://chat.example.com/api');
    assert.equal(urls.events, 'wss://chat.example.com/ws');
  });

  test('the output is ready for split services once the drivers are set (secrets are not the demo ones)', async () => {
    const cwd = tempDir();
    assert.equal(await runInit(['--domain', 'chat.example.com'], io(cwd).io), 0);
    const env = {
      REVOLT__DATABASE__POSTGRES: 'postgres://ermine:pw@db:5432/ermine',
      REVOLT__DATABASE__REDIS: 'redis://redis:6379',
      REVOLT__RABBIT__HOST: 'rabbit',
      REVOLT__FILES__S3__ENDPOINT: 'http://minio:9000',
    };
    const { config, problems } = loadConfig({ cwd, env });
    assert.deepEqual(problems, []);
    const services: ServiceName[] = [
      'api',
      'events',
      'autumn',
      'january',
      'gifbox',
      'crond',
      'pushd',
      'voice-ingress',
    ];
    assert.deepEqual(validateForMode(config, { kind: 'split', services }), []);
  });

  test('two runs give different secrets', async () => {
    const a = tempDir();
    const b = tempDir();
    assert.equal(await runInit([], io(a).io), 0);
    assert.equal(await runInit([], io(b).io), 0);
    const sa = secretsOf(join(a, 'Revolt.toml'));
    const sb = secretsOf(join(b, 'Revolt.toml'));
    for (const k of Object.keys(sa) as (keyof typeof sa)[]) assert.notEqual(sa[k], sb[k], k);
  });

  test('without --domain: public_url stays empty (localhost) and the check passes', async () => {
    const cwd = tempDir();
    assert.equal(await runInit([], io(cwd).io), 0);
    const { config, problems } = loadConfig({ cwd, env: {} });
    assert.deepEqual(problems, []);
    assert.deepEqual(validateForMode(config, { kind: 'single' }), []);
    assert.equal(config.ermine.public_url, '');
    assert.deepEqual(resolvePublicUrls(config, 14700).livekit, {
      worldwide: 'ws://localhost:14700/livekit',
    });
  });

  test('never replaces an existing file without --force', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'Revolt.toml');
    writeFileSync(file, '# mine\n');
    const run = io(cwd);
    assert.equal(await runInit([], run.io), 1);
    assert.match(run.err.join('\n'), /already exists.*not replacing/);
    assert.equal(readFileSync(file, 'utf8'), '# mine\n');
  });

  test('--force replaces it, keeps the old one as .old, and keeps its encryption key and VAPID pair', async () => {
    const cwd = tempDir();
    assert.equal(await runInit(['--domain', 'a.example.com'], io(cwd).io), 0);
    const file = join(cwd, 'Revolt.toml');
    const before = secretsOf(file);
    const run = io(cwd);
    assert.equal(
      await runInit(['--domain', 'b.example.com', '--force'], run.io),
      0,
      run.err.join('\n'),
    );
    const afterForce = secretsOf(file);
    assert.equal(afterForce.encryption, before.encryption);
    assert.equal(afterForce.vapid, before.vapid);
    assert.equal(afterForce.vapidPublic, before.vapidPublic);
    assert.notEqual(afterForce.livekitSecret, before.livekitSecret);
    assert.notEqual(afterForce.rabbit, before.rabbit);
    assert.match(readFileSync(file, 'utf8'), /public_url = "https:\/\/b\.example\.com"/);
    assert.equal(secretsOf(`${file}.old`).encryption, before.encryption);
    assert.match(run.out.join('\n'), /kept the encryption key/);
  });

  test('reuses the keys of a single process that already ran here (./data/secrets.json)', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'data'));
    const key = Buffer.alloc(32, 9).toString('base64');
    writeFileSync(join(cwd, 'data', 'secrets.json'), JSON.stringify({ encryptionKey: key }));
    const run = io(cwd);
    assert.equal(await runInit([], run.io), 0);
    assert.equal(secretsOf(join(cwd, 'Revolt.toml')).encryption, key);
    assert.match(run.out.join('\n'), /data\/secrets\.json/);
  });

  test('--out writes elsewhere (creating folders); bad usage exits 2', async () => {
    const cwd = tempDir();
    assert.equal(await runInit(['--out', 'conf/prod.toml'], io(cwd).io), 0);
    assert.ok(existsSync(join(cwd, 'conf', 'prod.toml')));
    assert.ok(!existsSync(join(cwd, 'Revolt.toml')));
    assert.equal(await runInit(['--domain', 'not a host'], io(cwd).io), 2);
    assert.equal(await runInit(['--bogus'], io(cwd).io), 2);
    assert.equal(await runInit(['--domain'], io(cwd).io), 2);
  });
});
