import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runConfigCheck } from './config-check';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function tempDir(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'ermine-check-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

async function check(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runConfigCheck(argv, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    cwd,
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const GUIDE_MISTAKES = `
[hosts.livekit]
worldwide = "wss://chat.example.com/livekit"

[api.livekit.nodes.world]
url = "http://livekit:7880"
key = "APIabc"
secret = "CHANGE_ME"

[files]
encryption_key = "CHANGE_ME"

[api.registraton]
invite_only = true
`;

describe('ermine config check', () => {
  test('defaults only: ok, exit 0', async () => {
    const r = await check([], tempDir());
    assert.equal(r.code, 0);
    assert.match(r.out, /defaults only \(no Revolt\.toml here\)/);
    assert.match(r.out, /ok: no problems found/);
  });

  test("the guide's mistakes: every problem printed with its key, exit 1", async () => {
    const cwd = tempDir({ 'Revolt.toml': GUIDE_MISTAKES });
    const r = await check([], cwd);
    assert.equal(r.code, 1);
    const lines = r.out.split('\n').filter((l) => /^(error|warning) /.test(l));
    assert.deepEqual(
      lines.map((l) => l.split(':')[0]),
      [
        'error  api.registraton',
        'warning api.livekit.nodes.world.lat',
        'warning api.livekit.nodes.world.lon',
        'error  api.livekit.nodes.world.secret',
        'error  files.encryption_key',
        'error  hosts.livekit.worldwide',
      ],
      r.out,
    );
    assert.match(r.out, /did you mean "registration"/);
    assert.match(
      r.out,
      /\[hosts\.livekit\] has "worldwide" but \[api\.livekit\.nodes\] has "world"/,
    );
    assert.match(r.out, /4 errors, 2 warnings/);
    const split = await check(['--service', 'api'], cwd);
    assert.match(
      split.out,
      /\[hosts\.livekit\] has "worldwide" but \[api\.livekit\.nodes\] has "world"/,
    );
  });

  test('warnings alone: printed, exit 0', async () => {
    const cwd = tempDir({ 'Revolt.toml': '[hosts]\nvoso_legacy = ""\n' });
    const r = await check([], cwd);
    assert.equal(r.code, 0);
    assert.match(r.out, /warning hosts\.voso_legacy/);
    assert.match(r.out, /ok, with 1 warning/);
  });

  test('FILE argument and REVOLT__ variables from the given environment', async () => {
    const cwd = tempDir({ 'other.toml': '[ermine]\nport = 8080\n' });
    const r = await check(['other.toml'], cwd, { REVOLT__ERMINE__PORT: 'x' });
    assert.equal(r.code, 1);
    assert.match(r.out, /checking other\.toml, environment \(REVOLT__ERMINE__PORT\)/);
    assert.match(r.out, /ermine\.port: expected an integer/);
    const missing = await check(['nope.toml'], cwd);
    assert.equal(missing.code, 1);
    assert.match(missing.out, /nope\.toml: config file not found/);
  });

  test('--service switches to split mode and names the settings to add', async () => {
    const cwd = tempDir();
    const r = await check(['--service', 'api', '--service', 'autumn'], cwd);
    assert.equal(r.code, 1);
    assert.match(r.out, /for split services api, autumn/);
    for (const key of ['database.postgres', 'database.redis', 'rabbit.host', 'files.s3.endpoint']) {
      assert.match(r.out, new RegExp(`^error  ${key.replace('.', '\\.')}:`, 'm'));
    }
    assert.match(r.out, /REVOLT__DATABASE__POSTGRES/);
  });

  test('--service events with Redis and PostgreSQL set through the environment: ok', async () => {
    const env = {
      REVOLT__DATABASE__POSTGRES: 'postgres://ermine:pw@db/ermine',
      REVOLT__DATABASE__REDIS: 'redis://redis:6379',
      REVOLT__FILES__ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      REVOLT__PUSHD__VAPID__PRIVATE_KEY: '',
      REVOLT__PUSHD__VAPID__PUBLIC_KEY: '',
    };
    const r = await check(['--service=events'], tempDir(), env);
    assert.equal(r.code, 0, r.out);
  });

  test('bad usage exits 2', async () => {
    assert.equal((await check(['a.toml', 'b.toml'], tempDir())).code, 2);
    assert.equal((await check(['--nope'], tempDir())).code, 2);
  });
});
