import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defaultConfig,
  formatProblems,
  generateSecrets,
  sfuWorkers,
  validateConfig,
  validateForMode,
  checkServiceNames,
  type ConfigProblem,
  type ErmineConfig,
  type ServiceName,
} from './index';

function only(problems: ConfigProblem[], key: string): ConfigProblem {
  const found = problems.filter((p) => p.key === key);
  assert.equal(
    found.length,
    1,
    `expected one problem for ${key}, got ${JSON.stringify(problems, null, 1)}`,
  );
  return found[0] as ConfigProblem;
}

const SPLIT_ALL: ServiceName[] = [
  'api',
  'events',
  'autumn',
  'january',
  'gifbox',
  'crond',
  'pushd',
  'voice-ingress',
];

/** A config ready for split services: every external driver and secret set. */
function scaled(): ErmineConfig {
  const s = generateSecrets();
  const c = defaultConfig();
  c.ermine.public_url = 'https://chat.example.com';
  c.database.postgres = 'postgres://ermine:pw@db:5432/ermine';
  c.database.redis = 'redis://redis:6379';
  c.rabbit.host = 'rabbit';
  c.files.s3.endpoint = 'http://minio:9000';
  c.files.encryption_key = s.encryptionKey;
  c.pushd.vapid.private_key = s.vapidPrivateKey;
  c.pushd.vapid.public_key = s.vapidPublicKey;
  c.hosts.livekit.worldwide = 'wss://chat.example.com/livekit';
  c.api.livekit.nodes.worldwide = {
    url: 'http://livekit:7880',
    lat: 0,
    lon: 0,
    key: s.livekitKey,
    secret: s.livekitSecret,
    private: false,
  };
  return c;
}

describe('validateForMode: split services', () => {
  test('a fully configured split deployment has no problems', () => {
    const c = scaled();
    assert.deepEqual(validateConfig(c), []);
    assert.deepEqual(validateForMode(c, { kind: 'split', services: SPLIT_ALL }), []);
  });

  test('on the in-memory defaults, each missing setting is one error naming the services and the env var', () => {
    const problems = validateForMode(defaultConfig(), { kind: 'split', services: SPLIT_ALL });
    const postgres = only(problems, 'database.postgres');
    assert.match(
      postgres.message,
      /api, events, autumn, january, gifbox, crond, pushd, voice-ingress/,
    );
    assert.match(postgres.fix, /REVOLT__DATABASE__POSTGRES/);
    const redis = only(problems, 'database.redis');
    assert.match(redis.message, /cannot cross processes/);
    assert.match(redis.fix, /REVOLT__DATABASE__REDIS/);
    const rabbit = only(problems, 'rabbit.host');
    assert.match(rabbit.message, /\(api, crond, pushd\)/);
    assert.match(rabbit.fix, /REVOLT__RABBIT__HOST/);
    const s3 = only(problems, 'files.s3.endpoint');
    assert.match(s3.message, /\(autumn, crond\)/);
    assert.match(s3.fix, /REVOLT__FILES__S3__ENDPOINT/);
    assert.equal(only(problems, 'files.encryption_key').severity, 'error');
    assert.equal(only(problems, 'pushd.vapid.private_key').severity, 'error');
    assert.equal(only(problems, 'api.livekit.nodes').severity, 'warning');
    assert.match(only(problems, 'api.livekit.nodes').message, /LiveKitUnavailable/);
  });

  test('only what the named services need: events needs postgres and redis, not rabbit or S3', () => {
    const c = scaled();
    c.rabbit.host = '';
    c.files.s3.endpoint = '';
    c.database.redis = '';
    const problems = validateForMode(c, { kind: 'split', services: ['events'] });
    assert.deepEqual(
      problems.map((p) => p.key),
      ['database.redis'],
    );
  });

  test('an unknown service name is an error with a suggestion', () => {
    const problems = checkServiceNames(['autum', 'api']);
    assert.match(only(problems, 'service').message, /did you mean "autumn"/);
    assert.deepEqual(checkServiceNames(['api', 'sfu', 'web']), []);
  });

  test("Stoat's demo secrets are fine in the single process, not in split services that use them", () => {
    assert.deepEqual(validateForMode(defaultConfig(), { kind: 'single' }), []);
    const c = scaled();
    c.files.encryption_key = defaultConfig().files.encryption_key;
    c.pushd.vapid = defaultConfig().pushd.vapid;
    const autumn = validateForMode(c, { kind: 'split', services: ['autumn'] });
    assert.deepEqual(
      autumn.map((p) => p.key),
      ['files.encryption_key'],
    );
    assert.match(autumn[0]?.message ?? '', /public demo key/);
    const api = validateForMode(c, { kind: 'split', services: ['api'] });
    assert.deepEqual(
      api.map((p) => p.key),
      ['pushd.vapid.private_key'],
    );
    assert.deepEqual(validateForMode(c, { kind: 'split', services: ['events', 'gifbox'] }), []);
  });
});

describe('validateForMode: voice node names', () => {
  test('[hosts.livekit] and [api.livekit.nodes] with different names: one error naming both', () => {
    const c = scaled();
    c.hosts.livekit = { worldwide: 'wss://chat.example.com/livekit' };
    const node = c.api.livekit.nodes.worldwide;
    assert.ok(node);
    c.api.livekit.nodes = { world: node };
    const problems = validateForMode(c, { kind: 'split', services: ['api'] });
    assert.equal(problems.length, 1, formatProblems(problems));
    const p = only(problems, 'hosts.livekit.worldwide');
    assert.match(
      p.message,
      /\[hosts\.livekit\] has "worldwide" but \[api\.livekit\.nodes\] has "world"/,
    );
  });

  test('nodes without a public URL, and a public URL without a node', () => {
    const c = scaled();
    c.hosts.livekit.asia = 'wss://asia.example.com';
    const node = c.api.livekit.nodes.worldwide;
    assert.ok(node);
    c.api.livekit.nodes.europe = { ...node, url: 'http://eu:7880' };
    c.api.livekit.nodes.africa = { ...node, url: 'http://af:7880' };
    const problems = validateForMode(c, { kind: 'split', services: ['api'] });
    assert.equal(problems.length, 3, formatProblems(problems));
    assert.match(only(problems, 'hosts.livekit.asia').message, /no \[api\.livekit\.nodes\.asia\]/);
    assert.match(
      only(problems, 'api.livekit.nodes.europe').message,
      /\[hosts\.livekit\] has no "europe"/,
    );
    assert.match(
      only(problems, 'api.livekit.nodes.africa').message,
      /\[hosts\.livekit\] has no "africa"/,
    );
  });

  test('one lone name on each side is one mismatch, also when the SFU would serve the public one', () => {
    const c = defaultConfig();
    c.hosts.livekit.worldwide = 'wss://chat.example.com/livekit';
    c.api.livekit.nodes.europe = {
      url: 'http://livekit:7880',
      lat: 0,
      lon: 0,
      key: 'k',
      secret: 's'.repeat(32),
      private: false,
    };
    const problems = validateForMode(c, { kind: 'single' });
    assert.equal(problems.length, 1, formatProblems(problems));
    assert.match(
      only(problems, 'hosts.livekit.worldwide').message,
      /has "worldwide" but \[api\.livekit\.nodes\] has "europe"/,
    );
  });

  test("the embedded SFU's node needs no [hosts.livekit] entry, and in the single process no node table", () => {
    const c = defaultConfig();
    c.api.livekit.nodes.worldwide = {
      url: '',
      lat: 0,
      lon: 0,
      key: '',
      secret: '',
      private: false,
    };
    assert.deepEqual(validateForMode(c, { kind: 'single' }), []);
    const d = defaultConfig();
    d.hosts.livekit.worldwide = 'wss://chat.example.com/livekit';
    assert.deepEqual(validateForMode(d, { kind: 'single' }), []);
    d.sfu.enabled = false;
    assert.match(
      only(validateForMode(d, { kind: 'single' }), 'hosts.livekit.worldwide').message,
      /no \[api\.livekit\.nodes\.worldwide\]/,
    );
  });

  test("split services: a node served by Ermine's SFU still needs url, key and secret", () => {
    const c = scaled();
    c.sfu.enabled = true;
    c.hosts.livekit = {};
    c.api.livekit.nodes = {};
    const problems = validateForMode(c, { kind: 'split', services: ['api'] });
    assert.match(
      only(problems, 'api.livekit.nodes.worldwide').message,
      /needs its url, key and secret/,
    );
  });

  test('empty url, key or secret of an external node are errors; a short secret warns', () => {
    const c = scaled();
    c.sfu.enabled = false;
    c.api.livekit.nodes.worldwide = {
      url: '',
      lat: 0,
      lon: 0,
      key: '',
      secret: 'short',
      private: false,
    };
    const problems = validateForMode(c, { kind: 'single' });
    assert.equal(only(problems, 'api.livekit.nodes.worldwide.url').severity, 'error');
    assert.equal(only(problems, 'api.livekit.nodes.worldwide.key').severity, 'error');
    assert.equal(only(problems, 'api.livekit.nodes.worldwide.secret').severity, 'warning');
  });
});

describe('validateConfig', () => {
  test('CHANGE_ME anywhere is an error on that key, whatever the case', () => {
    const c = defaultConfig();
    c.rabbit.password = 'change_me';
    c.files.s3.secret_access_key = 'xx-CHANGE_ME-xx';
    const problems = validateConfig(c);
    assert.equal(only(problems, 'rabbit.password').severity, 'error');
    assert.match(
      only(problems, 'files.s3.secret_access_key').fix,
      /REVOLT__FILES__S3__SECRET_ACCESS_KEY/,
    );
  });

  test('a CHANGE_ME encryption key is reported once (as a placeholder, not also as bad base64)', () => {
    const c = defaultConfig();
    c.files.encryption_key = 'CHANGE_ME';
    assert.equal(validateConfig(c).length, 1);
  });

  test('files.encryption_key must be base64 of 32 bytes', () => {
    const c = defaultConfig();
    c.files.encryption_key = Buffer.alloc(16).toString('base64');
    assert.match(only(validateConfig(c), 'files.encryption_key').message, /32 bytes/);
  });

  test('a VAPID public key that does not match the private key is an error with the right value', () => {
    const a = generateSecrets();
    const b = generateSecrets();
    const c = defaultConfig();
    c.pushd.vapid.private_key = a.vapidPrivateKey;
    c.pushd.vapid.public_key = b.vapidPublicKey;
    const p = only(validateConfig(c), 'pushd.vapid.public_key');
    assert.ok(p.fix.includes(a.vapidPublicKey));
    c.pushd.vapid.private_key = 'bm90IGEga2V5';
    assert.match(
      only(validateConfig(c), 'pushd.vapid.private_key').message,
      /not base64 of the PEM/,
    );
  });

  test('URLs: schemes per key, and a URL where a host name belongs', () => {
    const c = defaultConfig();
    c.ermine.public_url = 'chat.example.com';
    c.hosts.livekit.eu = 'https//broken';
    c.database.redis = 'http://redis:6379';
    c.rabbit.host = 'amqp://user:pw@rabbit:5672';
    c.sfu.webhook_urls = ['ftp://x'];
    const problems = validateConfig(c);
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      'database.redis',
      'ermine.public_url',
      'hosts.livekit.eu',
      'rabbit.host',
      'sfu.webhook_urls[0]',
    ]);
    assert.match(only(problems, 'database.redis').message, /redis:\/\/ or rediss:\/\//);
  });

  test('body_limit_size smaller than an upload limit warns', () => {
    const c = defaultConfig();
    c.features.limits.default.file_upload_size_limit.attachments = 50_000_000;
    const p = only(validateConfig(c), 'features.limits.global.body_limit_size');
    assert.equal(p.severity, 'warning');
    assert.match(p.fix, /50000000/);
  });

  test('sfu port range must not be empty', () => {
    const c = defaultConfig();
    c.sfu.port_range_start = 60000;
    assert.equal(only(validateConfig(c), 'sfu.port_range_start').severity, 'error');
  });

  test('sfu media workers default to the spare cores and each needs two ports', () => {
    const c = defaultConfig();
    assert.equal(sfuWorkers(c, 1), 1);
    assert.equal(sfuWorkers(c, 2), 1);
    assert.equal(sfuWorkers(c, 3), 2);
    assert.equal(sfuWorkers(c, 64), 4);
    c.sfu.workers = 0;
    assert.equal(sfuWorkers(c, 8), 0);
    c.sfu.workers = 3;
    c.sfu.port_range_end = c.sfu.port_range_start + 4;
    const problem = only(validateConfig(c), 'sfu.port_range_end');
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /3 media workers/);
    assert.match(problem.fix, /sfu\.workers/);
  });
});

describe('formatProblems', () => {
  test('one line per problem: severity, key, message, fix', () => {
    const text = formatProblems([
      { severity: 'error', key: 'api.livekit.nodes.eu.lat', message: 'bad', fix: 'set it' },
      { severity: 'warning', key: 'hosts.gifbox', message: 'dead', fix: 'remove it' },
    ]);
    assert.equal(
      text,
      'error  api.livekit.nodes.eu.lat: bad — fix: set it\nwarning hosts.gifbox: dead — fix: remove it',
    );
  });
});

describe('validateConfig: the process', () => {
  test('an SMTP host warns that mail is not sent yet; without one, nothing is said', () => {
    assert.deepEqual(validateConfig(defaultConfig()), []);
    const c = defaultConfig();
    c.api.smtp.host = 'smtp.example.com';
    const smtp = only(validateConfig(c), 'api.smtp.host');
    assert.equal(smtp.severity, 'warning');
    assert.match(smtp.message, /does not send e-mail yet/);
  });

  test('[ermine] host takes an address, not a URL', () => {
    const c = defaultConfig();
    for (const ok of ['127.0.0.1', '::1', 'localhost', '0.0.0.0']) {
      c.ermine.host = ok;
      assert.deepEqual(validateConfig(c), [], ok);
    }
    c.ermine.host = 'http://0.0.0.0:80';
    assert.equal(only(validateConfig(c), 'ermine.host').severity, 'error');
  });
});
