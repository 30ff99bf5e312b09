import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig, type ConfigProblem } from './index';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A fresh directory holding the given files. */
function dir(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'ermine-config-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function keys(problems: ConfigProblem[], severity?: 'error' | 'warning'): string[] {
  return problems.filter((p) => !severity || p.severity === severity).map((p) => p.key);
}

function only(problems: ConfigProblem[], key: string): ConfigProblem {
  const found = problems.filter((p) => p.key === key);
  assert.equal(
    found.length,
    1,
    `expected one problem for ${key}, got ${JSON.stringify(problems, null, 1)}`,
  );
  return found[0] as ConfigProblem;
}

describe('loadConfig: sources and layering', () => {
  test('no file, no env: the defaults, no problems, no sources', () => {
    const { config, problems, sources } = loadConfig({ cwd: dir(), env: {} });
    assert.deepEqual(problems, []);
    assert.deepEqual(sources, []);
    assert.equal(config.ermine.port, 14700);
  });

  test('Revolt.toml in cwd, then Revolt.overrides.toml, then env; partial sections merge key by key', () => {
    const cwd = dir({
      'Revolt.toml': `
[ermine]
public_url = "https://chat.example.com"
port = 8080

[features.limits.default]
video_resolution = [1920, 1080]

[api.livekit.nodes.worldwide]
url = "http://livekit:7880"
lat = 1.5
lon = 2.5
key = "APIfile"
secret = "file-secret-file-secret-file-secret-xx"

[hosts.livekit]
worldwide = "wss://chat.example.com/livekit"
`,
      'Revolt.overrides.toml': `
[ermine]
port = 9090
`,
    });
    const { config, problems, sources } = loadConfig({
      cwd,
      env: {
        REVOLT__API__LIVEKIT__NODES__WORLDWIDE__SECRET: 'env-secret-env-secret-env-secret-env-x',
        REVOLT__DATABASE__REDIS: 'redis://127.0.0.1:6379',
        PATH: '/usr/bin',
      },
    });
    assert.deepEqual(problems, []);
    assert.equal(config.ermine.public_url, 'https://chat.example.com');
    assert.equal(config.ermine.port, 9090, 'overrides beat Revolt.toml');
    assert.equal(
      config.ermine.data_dir,
      './data',
      'unset keys of a set section keep their default',
    );
    assert.deepEqual(config.features.limits.default.video_resolution, [1920, 1080]);
    assert.equal(config.features.limits.default.servers, 100);
    const node = config.api.livekit.nodes.worldwide;
    assert.equal(node?.key, 'APIfile');
    assert.equal(node?.secret, 'env-secret-env-secret-env-secret-env-x', 'env beats files');
    assert.equal(node?.lat, 1.5);
    assert.equal(config.database.redis, 'redis://127.0.0.1:6379');
    assert.deepEqual(sources, [
      'Revolt.toml',
      'Revolt.overrides.toml',
      'environment (REVOLT__API__LIVEKIT__NODES__WORLDWIDE__SECRET, REVOLT__DATABASE__REDIS)',
    ]);
  });

  test('--config FILE replaces the cwd file; a missing one is an error problem, not a throw', () => {
    const cwd = dir({
      'Revolt.toml': '[ermine]\nport = 1111\n',
      'conf/prod.toml': '[ermine]\nport = 2222\n',
    });
    assert.equal(loadConfig({ cwd, file: 'conf/prod.toml', env: {} }).config.ermine.port, 2222);
    const missing = loadConfig({ cwd, file: 'nope.toml', env: {} });
    assert.equal(missing.config.ermine.port, 14700);
    const problem = only(missing.problems, 'nope.toml');
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /not found/);
  });

  test('env values parse as TOML when they can; string keys keep the text verbatim', () => {
    const { config, problems } = loadConfig({
      cwd: dir(),
      env: {
        REVOLT__ERMINE__PORT: '8080',
        REVOLT__API__REGISTRATION__INVITE_ONLY: 'true',
        REVOLT__FEATURES__LIMITS__DEFAULT__VIDEO_RESOLUTION: '[1920, 1080]',
        REVOLT__RABBIT__PASSWORD: '12345',
        REVOLT__API__SMTP__USERNAME: '"quoted"',
        REVOLT__HOSTS__APP: 'https://chat.example.com',
        REVOLT__SFU__TURN_SERVERS:
          '[{ urls = ["turn:turn.example.com:3478"], username = "u", credential = "c" }]',
      },
    });
    assert.deepEqual(problems, []);
    assert.equal(config.ermine.port, 8080);
    assert.equal(config.api.registration.invite_only, true);
    assert.deepEqual(config.features.limits.default.video_resolution, [1920, 1080]);
    assert.equal(config.rabbit.password, '12345');
    assert.equal(config.api.smtp.username, 'quoted');
    assert.equal(config.hosts.app, 'https://chat.example.com');
    assert.deepEqual(config.sfu.turn_servers, [
      { urls: ['turn:turn.example.com:3478'], username: 'u', credential: 'c' },
    ]);
  });

  test('env names are case-insensitive and map keys (node names) come out lowercase', () => {
    const { config, problems } = loadConfig({
      cwd: dir(),
      env: {
        revolt__hosts__livekit__EU: 'wss://eu.example.com',
        REVOLT__Api__LiveKit__Nodes__EU__URL: 'http://eu:7880',
        REVOLT__API__LIVEKIT__NODES__EU__LAT: '50.1',
        REVOLT__API__LIVEKIT__NODES__EU__LON: '8.6',
        REVOLT__API__LIVEKIT__NODES__EU__KEY: 'APIeu',
        REVOLT__API__LIVEKIT__NODES__EU__SECRET: 'eu-secret-eu-secret-eu-secret-eu-secret',
      },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(config.hosts.livekit, { eu: 'wss://eu.example.com' });
    assert.deepEqual(config.api.livekit.nodes.eu, {
      url: 'http://eu:7880',
      lat: 50.1,
      lon: 8.6,
      key: 'APIeu',
      secret: 'eu-secret-eu-secret-eu-secret-eu-secret',
      private: false,
    });
  });
});

describe('loadConfig: problems', () => {
  test("the guide's mistakes: one message per mistake, each naming its key", () => {
    const cwd = dir({
      'Revolt.toml': `
[hosts.livekit]
worldwide = "wss://chat.example.com/livekit"

[api.livekit.nodes.worldwide]
url = "http://livekit:7880"
key = "worldwide"
secret = "CHANGE_ME"

[api.livekit.nodes.europe]
url = "http://livekit-eu:7880"
lat = 50.1
lon = 8.6
key = "europe"
secret = "europe-secret-europe-secret-europe-secret"

[files]
encription_key = "qcuMA+ssxhMyKaNAKBGFfryfFtUH8NDlamQyDwGW6fU="
`,
    });
    const { problems } = loadConfig({ cwd, env: {} });
    assert.deepEqual(keys(problems).sort(), [
      'api.livekit.nodes.worldwide.lat',
      'api.livekit.nodes.worldwide.lon',
      'api.livekit.nodes.worldwide.secret',
      'files.encription_key',
    ]);
    const lat = only(problems, 'api.livekit.nodes.worldwide.lat');
    assert.equal(lat.severity, 'warning');
    assert.match(lat.message, /no lat; using 0\.0/);
    assert.equal(only(problems, 'api.livekit.nodes.worldwide.lon').severity, 'warning');
    const secret = only(problems, 'api.livekit.nodes.worldwide.secret');
    assert.equal(secret.severity, 'error');
    assert.match(secret.message, /CHANGE_ME/);
    const typo = only(problems, 'files.encription_key');
    assert.equal(typo.severity, 'error');
    assert.match(typo.message, /did you mean "encryption_key"/);
    assert.match(typo.fix, /files\.encryption_key/);
  });

  test('a missing lat or lon alone names that key', () => {
    const cwd = dir({
      'Revolt.toml': `
[api.livekit.nodes.eu]
url = "http://eu:7880"
lat = 1.0
key = "k"
secret = "s"
`,
    });
    const { config, problems } = loadConfig({ cwd, env: {} });
    const p = only(problems, 'api.livekit.nodes.eu.lon');
    assert.equal(p.severity, 'warning');
    assert.equal(config.api.livekit.nodes.eu?.lon, 0);
  });

  test("Stoat's dead keys warn; unknown keys fail with a suggestion", () => {
    const cwd = dir({
      'Revolt.toml': `
[hosts]
voso_legacy = ""
voso_legacy_ws = ""
gifbox = "https://chat.example.com/gifbox"
apii = "https://chat.example.com/api"

[api.security]
authifier_shield_key = ""

[databse]
redis = "redis://127.0.0.1"

[features.limits.supporter]
bots = 10
`,
    });
    const { problems } = loadConfig({ cwd, env: {} });
    assert.deepEqual(keys(problems, 'warning').sort(), [
      'api.security.authifier_shield_key',
      'features.limits.supporter',
      'hosts.gifbox',
      'hosts.voso_legacy',
      'hosts.voso_legacy_ws',
    ]);
    assert.deepEqual(keys(problems, 'error').sort(), ['databse', 'hosts.apii']);
    assert.match(only(problems, 'databse').message, /did you mean "database"/);
    assert.match(only(problems, 'hosts.apii').message, /did you mean "api"/);
  });

  test('an unknown key without a near miss lists the valid keys or where it belongs', () => {
    const cwd = dir({
      'Revolt.toml': '[hosts]\nredis = "redis://x"\n[ermine]\nsomething_else = 1\n',
    });
    const { problems } = loadConfig({ cwd, env: {} });
    assert.match(only(problems, 'hosts.redis').message, /did you mean database\.redis/);
    assert.match(
      only(problems, 'ermine.something_else').fix,
      /public_url, port, host, data_dir, rate_limits, trust_forwarded_for, log_level/,
    );
  });

  test('an unknown env key names the variable to rename', () => {
    const { problems } = loadConfig({ cwd: dir(), env: { REVOLT__FILES__ENCRYPTON_KEY: 'x' } });
    const p = only(problems, 'files.encrypton_key');
    assert.match(p.fix, /rename REVOLT__FILES__ENCRYPTON_KEY to REVOLT__FILES__ENCRYPTION_KEY/);
    assert.match(p.message, /from REVOLT__FILES__ENCRYPTON_KEY/);
  });

  test('wrong types: an error with the expected type; the value falls back to its default', () => {
    const cwd = dir({
      'Revolt.toml': `
[ermine]
port = "8080"
log_level = "loud"

[api.registration]
invite_only = "yes"

[features.limits.default]
video_resolution = [1920]

[sfu]
turn_servers = [{ urls = "turn:x" }]
`,
    });
    const { config, problems } = loadConfig({ cwd, env: { REVOLT__RABBIT__PORT: 'five' } });
    assert.match(
      only(problems, 'ermine.port').message,
      /expected an integer, got the string "8080"/,
    );
    assert.match(only(problems, 'ermine.log_level').message, /expected one of .*"info"/);
    assert.match(only(problems, 'api.registration.invite_only').message, /expected a boolean/);
    assert.match(
      only(problems, 'features.limits.default.video_resolution').message,
      /at least 2 items/,
    );
    assert.match(
      only(problems, 'sfu.turn_servers[0].urls').message,
      /expected an array of strings/,
    );
    const rabbit = only(problems, 'rabbit.port');
    assert.match(
      rabbit.message,
      /expected an integer, got the string "five" \(from REVOLT__RABBIT__PORT\)/,
    );
    assert.match(rabbit.fix, /REVOLT__RABBIT__PORT=5672/);
    assert.ok(problems.every((p) => p.severity === 'error'));
    assert.equal(config.ermine.port, 14700);
    assert.equal(config.ermine.log_level, 'info');
    assert.deepEqual(config.features.limits.default.video_resolution, [1280, 720]);
    assert.deepEqual(config.sfu.turn_servers, []);
  });

  test('a __proto__ key is an unknown key, not a prototype', () => {
    const cwd = dir({ 'Revolt.toml': '[hosts.__proto__]\npolluted = true\n' });
    const { config, problems } = loadConfig({ cwd, env: { REVOLT____PROTO____X: '1' } });
    assert.equal(only(problems, 'hosts.__proto__').severity, 'error');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((config.hosts as Record<string, unknown>).polluted, undefined);
  });

  test('invalid TOML is an error naming the file and line, and the rest still loads', () => {
    const cwd = dir({
      'Revolt.toml': '[ermine]\nport = \n',
      'Revolt.overrides.toml': '[ermine]\ndata_dir = "/srv"\n',
    });
    const { config, problems } = loadConfig({ cwd, env: {} });
    const p = only(problems, 'Revolt.toml');
    assert.match(p.message, /not valid TOML at line 2/);
    assert.equal(config.ermine.data_dir, '/srv');
  });

  test('database.mongodb is accepted with a warning pointing at database.postgres', () => {
    const { problems } = loadConfig({
      cwd: dir(),
      env: { REVOLT__DATABASE__MONGODB: 'mongodb://database' },
    });
    const p = only(problems, 'database.mongodb');
    assert.equal(p.severity, 'warning');
    assert.match(p.fix, /database\.postgres/);
  });

  test('every problem at once: several mistakes, several problems', () => {
    const cwd = dir({
      'Revolt.toml': `
[hosts]
api = "not a url"
events = "https://chat.example.com/ws"

[database]
postgres = "mysql://db"

[files]
encryption_key = "c2hvcnQ="

[files.s3]
endpoint = "minio:9000"
`,
    });
    const { problems } = loadConfig({ cwd, env: {} });
    assert.deepEqual(keys(problems, 'error').sort(), [
      'database.postgres',
      'files.encryption_key',
      'files.s3.endpoint',
      'hosts.api',
      'hosts.events',
    ]);
    assert.match(only(problems, 'hosts.events').message, /ws:\/\/ or wss:\/\//);
    assert.match(only(problems, 'files.encryption_key').message, /32 bytes/);
  });
});
