// The `ermine` command as an operator uses it: init, config check, and split-mode start.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runErmine, startErmineProcess } from '@ermine/testing/ermine-process';
import { freshPostgresDatabase } from '@ermine/testing/postgres';
import { requireAmqp } from '@ermine/testing/amqp';
import { requireRedis } from '@ermine/testing/redis';
import { generateSecrets } from '@ermine/config';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ermine-cli-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

describe('ermine init and config check', () => {
  test('init writes a config that passes check; two runs give different secrets', async () => {
    const dir = await tempDir();
    const one = await runErmine(['init', '--domain', 'chat.example.com', '--out', 'one.toml'], {
      cwd: dir,
    });
    assert.equal(one.code, 0, one.stderr);
    const two = await runErmine(['init', '--domain', 'chat.example.com', '--out', 'two.toml'], {
      cwd: dir,
    });
    assert.equal(two.code, 0, two.stderr);
    const check = await runErmine(['config', 'check', 'one.toml'], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const a = await readFile(join(dir, 'one.toml'), 'utf8');
    const b = await readFile(join(dir, 'two.toml'), 'utf8');
    const key = (toml: string) => /encryption_key\s*=\s*"([^"]+)"/.exec(toml)?.[1];
    assert.ok(key(a));
    assert.notEqual(key(a), key(b));
    assert.notEqual(a, b);
    const again = await runErmine(['init', '--out', 'one.toml'], { cwd: dir });
    assert.equal(again.code, 1, 'init must not overwrite without --force');
    assert.equal(await readFile(join(dir, 'one.toml'), 'utf8'), a);
  });

  test("the guide's mistakes give one message each, naming the key", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'Revolt.toml'),
      [
        '[hosts.livekit]',
        'worldwide = "wss://chat.example.com/livekit"',
        '[api.livekit.nodes.europe]',
        'url = "http://livekit:7880"',
        'key = "worldwide"',
        'secret = "CHANGE_ME"',
        '[files]',
        'encryption_key = "CHANGE_ME"',
      ].join('\n'),
    );
    const check = await runErmine(['config', 'check', 'Revolt.toml'], { cwd: dir });
    assert.equal(check.code, 1);
    const text = check.stdout + check.stderr;
    assert.match(text, /api\.livekit\.nodes\.europe\.lat/);
    assert.match(text, /api\.livekit\.nodes\.europe\.secret/);
    assert.match(text, /files\.encryption_key/);
    assert.match(text, /hosts\.livekit[\s\S]*europe|europe[\s\S]*hosts\.livekit/);
    assert.match(text, /worldwide/);
  });
});

describe('ermine start --service api', () => {
  test('refuses on in-memory drivers, naming the settings to add', async () => {
    const dir = await tempDir();
    const res = await runErmine(['start', '--service', 'api'], { cwd: dir });
    assert.equal(res.code, 1);
    const text = res.stdout + res.stderr;
    assert.match(text, /database\.postgres/);
    assert.match(text, /database\.redis/);
    assert.match(text, /rabbit/);
  });

  test('with PostgreSQL, Redis and RabbitMQ it serves the API on its guide port', async (t) => {
    const pg = await freshPostgresDatabase();
    const redis = await requireRedis();
    const amqp = await requireAmqp();
    if (!pg || !redis || !amqp) return t.skip('PostgreSQL, Redis or RabbitMQ is not reachable');
    const free = await portIsFree(14702);
    const amqpUrl = new URL(amqp);
    const secrets = generateSecrets();
    const env = {
      REVOLT__PUSHD__VAPID__PRIVATE_KEY: secrets.vapidPrivateKey,
      REVOLT__PUSHD__VAPID__PUBLIC_KEY: secrets.vapidPublicKey,
      REVOLT__DATABASE__POSTGRES: pg.url,
      REVOLT__DATABASE__REDIS: redis,
      REVOLT__RABBIT__HOST: amqpUrl.hostname,
      REVOLT__RABBIT__PORT: amqpUrl.port || '5672',
      REVOLT__RABBIT__USERNAME: decodeURIComponent(amqpUrl.username),
      REVOLT__RABBIT__PASSWORD: decodeURIComponent(amqpUrl.password),
    };
    const args = ['--service', 'api', ...(free ? [] : ['--port', '0'])];
    const api = await startErmineProcess({ args, env, readyText: 'api listening' });
    try {
      const line =
        api
          .output()
          .split('\n')
          .find((l) => l.includes('api listening')) ?? '';
      const port = (JSON.parse(line) as { port: number }).port;
      if (free) assert.equal(port, 14702);
      const res = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(res.status, 200);
      const root = (await res.json()) as { revolt: string };
      assert.equal(typeof root.revolt, 'string');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200);
    } finally {
      assert.equal(await api.stop(), 0);
      await pg.drop();
    }
  });
});
