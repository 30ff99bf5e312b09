import { closest, error, warning, type ConfigProblem } from './problems';
import { sfuEnabled, sfuWorkers, type RunMode } from './mode';
import { SERVICES, serviceSpec, servicesNeeding, type ServiceName } from './services';
import {
  STOAT_DEMO_ENCRYPTION_KEY,
  STOAT_DEMO_VAPID_PRIVATE_KEY,
  STOAT_DEMO_VAPID_PUBLIC_KEY,
  type ErmineConfig,
} from './schema';
import { decodeVapidPrivateKey, isEncryptionKey, isVapidPublicKey } from './secrets';

const HTTP = ['http:', 'https:'];
const WS = ['ws:', 'wss:'];

function env(key: string): string {
  return 'REVOLT__' + key.split('.').join('__').toUpperCase();
}

/** Checks a URL-valued key (empty means unset and is fine). */
function checkUrl(
  problems: ConfigProblem[],
  key: string,
  value: string,
  schemes: readonly string[],
  example: string,
): void {
  if (value === '') return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(error(key, `${JSON.stringify(value)} is not a URL`, `set ${key} = "${example}"`));
    return;
  }
  if (!schemes.includes(url.protocol)) {
    const wanted = schemes.map((s) => `${s}//`).join(' or ');
    problems.push(
      error(key, `${JSON.stringify(value)} must start with ${wanted}`, `set ${key} = "${example}"`),
    );
    return;
  }
  if (url.hostname === '' && !['stun:', 'turn:', 'turns:'].includes(url.protocol)) {
    problems.push(
      error(key, `${JSON.stringify(value)} has no host name`, `set ${key} = "${example}"`),
    );
  }
}

function checkPlaceholders(value: unknown, path: string, problems: ConfigProblem[]): void {
  if (typeof value === 'string') {
    if (/change_?me/i.test(value)) {
      problems.push(
        error(
          path,
          'still holds the placeholder CHANGE_ME',
          `put a real value in ${path} (or ${env(path.replace(/\[\d+\]/g, ''))}); \`npx ermine init\` writes a file with freshly generated secrets`,
        ),
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkPlaceholders(v, `${path}[${i}]`, problems));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      checkPlaceholders(v, path ? `${path}.${k}` : k, problems);
  }
}

/**
 * Checks of the config's content that hold however Ermine runs: URLs, placeholder secrets,
 * key formats, ranges. `loadConfig` already includes these; call it for configs built in code.
 */
export function validateConfig(config: ErmineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  checkPlaceholders(config, '', problems);
  const placeholder = new Set(problems.map((p) => p.key));
  const { ermine, hosts, database, files } = config;

  if (database.mongodb !== '') {
    problems.push(
      warning(
        'database.mongodb',
        'Ermine does not support MongoDB; this value is ignored',
        'remove it and set database.postgres = "postgres://user:password@host:5432/ermine" (or REVOLT__DATABASE__POSTGRES), or leave both empty for SQLite in the data folder',
      ),
    );
  }

  checkUrl(problems, 'ermine.public_url', ermine.public_url, HTTP, 'https://chat.example.com');
  if (ermine.public_url !== '' && /[?#]/.test(ermine.public_url)) {
    problems.push(
      error(
        'ermine.public_url',
        'must not contain a query or fragment',
        'set ermine.public_url = "https://chat.example.com"',
      ),
    );
  }
  checkUrl(problems, 'hosts.app', hosts.app, HTTP, 'https://chat.example.com');
  checkUrl(problems, 'hosts.api', hosts.api, HTTP, 'https://chat.example.com/api');
  checkUrl(problems, 'hosts.events', hosts.events, WS, 'wss://chat.example.com/ws');
  checkUrl(problems, 'hosts.autumn', hosts.autumn, HTTP, 'https://chat.example.com/autumn');
  checkUrl(problems, 'hosts.january', hosts.january, HTTP, 'https://chat.example.com/january');
  for (const [name, url] of Object.entries(hosts.livekit)) {
    checkUrl(
      problems,
      `hosts.livekit.${name}`,
      url,
      [...WS, ...HTTP],
      'wss://chat.example.com/livekit',
    );
  }
  checkUrl(
    problems,
    'database.postgres',
    database.postgres,
    ['postgres:', 'postgresql:'],
    'postgres://ermine:password@127.0.0.1:5432/ermine',
  );
  checkUrl(
    problems,
    'database.redis',
    database.redis,
    ['redis:', 'rediss:'],
    'redis://127.0.0.1:6379',
  );
  if (database.redis_pubsub !== undefined) {
    checkUrl(
      problems,
      'database.redis_pubsub',
      database.redis_pubsub,
      ['redis:', 'rediss:'],
      'redis://127.0.0.1:6379',
    );
  }
  checkUrl(problems, 'files.s3.endpoint', files.s3.endpoint, HTTP, 'http://127.0.0.1:9000');
  for (const [name, node] of Object.entries(config.api.livekit.nodes)) {
    checkUrl(
      problems,
      `api.livekit.nodes.${name}.url`,
      node.url,
      [...HTTP, ...WS],
      'http://livekit:7880',
    );
  }
  checkUrl(
    problems,
    'api.security.easypwned',
    config.api.security.easypwned,
    HTTP,
    'https://easypwned.example.com',
  );
  checkUrl(
    problems,
    'api.security.shield.host',
    config.api.security.shield.host,
    HTTP,
    'https://shield.example.com',
  );
  for (const [k, v] of Object.entries(config.features.legal_links)) {
    checkUrl(problems, `features.legal_links.${k}`, v, HTTP, 'https://example.com/terms');
  }
  for (const [k, v] of Object.entries(config.sentry)) {
    checkUrl(problems, `sentry.${k}`, v, HTTP, 'https://key@o0.ingest.sentry.io/0');
  }
  config.sfu.webhook_urls.forEach((url, i) =>
    checkUrl(problems, `sfu.webhook_urls[${i}]`, url, HTTP, 'http://127.0.0.1:8500/worldwide'),
  );
  config.sfu.turn_servers.forEach((server, i) =>
    server.urls.forEach((url, j) =>
      checkUrl(
        problems,
        `sfu.turn_servers[${i}].urls[${j}]`,
        url,
        ['turn:', 'turns:', 'stun:'],
        'turn:turn.example.com:3478',
      ),
    ),
  );

  if (config.rabbit.host.includes('://') || config.rabbit.host.includes('/')) {
    problems.push(
      error(
        'rabbit.host',
        `${JSON.stringify(config.rabbit.host)} looks like a URL; [rabbit] takes a host name with port, username and password as separate keys`,
        'set rabbit.host = "127.0.0.1" and rabbit.port, rabbit.username, rabbit.password',
      ),
    );
  }
  if (config.files.clamd_host !== '' && !/^[^:/\s]+:\d+$/.test(config.files.clamd_host)) {
    problems.push(
      error(
        'files.clamd_host',
        `${JSON.stringify(config.files.clamd_host)} is not host:port`,
        'set files.clamd_host = "127.0.0.1:3310"',
      ),
    );
  }

  if (!placeholder.has('files.encryption_key') && !isEncryptionKey(files.encryption_key)) {
    problems.push(
      error(
        'files.encryption_key',
        'must be base64 of exactly 32 bytes (an AES-256 key)',
        'generate one with `npx ermine init` (or `node -e "console.log(crypto.randomBytes(32).toString(\'base64\'))"`); if files were already stored, restore the key they were stored with instead',
      ),
    );
  }
  checkVapid(config, placeholder, problems);

  if (config.sfu.port_range_start > config.sfu.port_range_end) {
    problems.push(
      error(
        'sfu.port_range_start',
        `the range ${config.sfu.port_range_start}-${config.sfu.port_range_end} is empty`,
        'make sfu.port_range_start at most sfu.port_range_end (default 50000-50100)',
      ),
    );
  }

  const ports = config.sfu.port_range_end - config.sfu.port_range_start + 1;
  const workers = sfuWorkers(config);
  if (ports > 0 && ports < 2 * workers) {
    problems.push(
      error(
        'sfu.port_range_end',
        `the range ${config.sfu.port_range_start}-${config.sfu.port_range_end} has ${ports} ports; ${workers} media workers need at least 2 each`,
        `widen the range to at least ${2 * workers} ports (each participant uses 2), or lower sfu.workers`,
      ),
    );
  }

  const limits = config.features.limits;
  const largest = Math.max(
    ...[limits.new_user, limits.default].flatMap((l) => Object.values(l.file_upload_size_limit)),
  );
  if (limits.global.body_limit_size < largest) {
    problems.push(
      warning(
        'features.limits.global.body_limit_size',
        `${limits.global.body_limit_size} bytes is less than the largest file_upload_size_limit (${largest}); bigger uploads fail`,
        `set features.limits.global.body_limit_size = ${largest}`,
      ),
    );
  }

  checkHost(ermine.host, problems);
  checkMailSender(config, problems);
  checkMixedContent(config, problems);
  return problems;
}

function checkHost(host: string, problems: ConfigProblem[]): void {
  if (host === '' || /^[\w.:-]+$/.test(host)) return;
  problems.push(
    error(
      'ermine.host',
      `${JSON.stringify(host)} is not an address to listen on (no scheme, port or path)`,
      'set ermine.host = "127.0.0.1" (this machine only), an address of one interface, or "" for every interface',
    ),
  );
}

/**
 * Ermine queues account e-mails but does not send them yet. Remove this warning once the mail
 * sender exists.
 */
function checkMailSender(config: ErmineConfig, problems: ConfigProblem[]): void {
  if (config.api.smtp.host === '') return;
  problems.push(
    warning(
      'api.smtp.host',
      'this version of Ermine does not send e-mail yet: with a host set, new accounts must verify their address and cannot, and password resets never arrive',
      'leave api.smtp.host empty (accounts are then usable without verification) until a version of Ermine that sends mail',
    ),
  );
}

function checkVapid(
  config: ErmineConfig,
  placeholder: Set<string>,
  problems: ConfigProblem[],
): void {
  const vapid = config.pushd.vapid;
  const privateKey = vapid.private_key;
  const publicKey = vapid.public_key;
  const decoded = privateKey === '' ? null : decodeVapidPrivateKey(privateKey);
  if (privateKey !== '' && !decoded && !placeholder.has('pushd.vapid.private_key')) {
    problems.push(
      error(
        'pushd.vapid.private_key',
        'is not base64 of the PEM of an EC P-256 private key',
        'generate a VAPID pair with `npx ermine init` and copy pushd.vapid.private_key and public_key together',
      ),
    );
  }
  if (
    publicKey !== '' &&
    !isVapidPublicKey(publicKey) &&
    !placeholder.has('pushd.vapid.public_key')
  ) {
    problems.push(
      error(
        'pushd.vapid.public_key',
        'is not base64url of a 65-byte uncompressed P-256 point',
        'copy the public key generated with the private key (`npx ermine init` writes both)',
      ),
    );
    return;
  }
  const stripped = publicKey.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (decoded && publicKey !== '' && decoded.publicKey !== stripped) {
    problems.push(
      error(
        'pushd.vapid.public_key',
        'does not belong to pushd.vapid.private_key; browsers would reject every push',
        `set pushd.vapid.public_key = "${decoded.publicKey}" (derived from the private key)`,
      ),
    );
  }
}

function checkMixedContent(config: ErmineConfig, problems: ConfigProblem[]): void {
  const app = config.hosts.app || config.ermine.public_url;
  if (!app.startsWith('https:')) return;
  const insecure = [
    ['hosts.events', config.hosts.events],
    ...Object.entries(config.hosts.livekit).map(([k, v]) => [`hosts.livekit.${k}`, v]),
  ].filter(([, v]) => v?.startsWith('ws:'));
  for (const [key] of insecure) {
    problems.push(
      warning(
        key ?? '',
        'is ws:// while the app is served over https; browsers block insecure WebSockets from secure pages',
        `use wss:// in ${key}`,
      ),
    );
  }
}

/**
 * Checks that depend on how Ermine runs: split services refuse in-memory drivers and Stoat's
 * public demo secrets; node names must match across `[hosts.livekit]` and `[api.livekit.nodes]`
 * (the embedded SFU's node excepted, since its URL and keys are derived).
 */
export function validateForMode(config: ErmineConfig, mode: RunMode): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (mode.kind === 'split') checkSplit(config, mode.services, problems);
  checkVoiceNodes(config, mode, problems);
  return problems;
}

/**
 * One problem per name that is not a guide service (with the likely one when it is a typo);
 * `ermine start` and `ermine config check` refuse these before anything else.
 */
export function checkServiceNames(names: readonly string[]): ConfigProblem[] {
  return names
    .filter((name) => !(SERVICES as readonly string[]).includes(name))
    .map((name) => {
      const guess = closest(name, SERVICES);
      return error(
        'service',
        `unknown service "${name}"${guess ? `; did you mean "${guess}"?` : ''}`,
        `use one of: ${SERVICES.join(', ')}`,
      );
    });
}

function checkSplit(
  config: ErmineConfig,
  services: readonly ServiceName[],
  problems: ConfigProblem[],
): void {
  const list = (names: string[]) => names.join(', ');
  const db = config.database;
  const postgres = servicesNeeding(services, 'postgres');
  if (postgres.length > 0 && db.postgres === '') {
    problems.push(
      error(
        'database.postgres',
        `split services (${list(postgres)}) need PostgreSQL: the default SQLite file cannot be shared between processes`,
        'set [database] postgres = "postgres://ermine:password@host:5432/ermine" (or REVOLT__DATABASE__POSTGRES)',
      ),
    );
  }
  const redis = servicesNeeding(services, 'redis');
  if (redis.length > 0 && db.redis === '') {
    problems.push(
      error(
        'database.redis',
        `split services (${list(redis)}) need Redis: an in-memory event bus and cache cannot cross processes`,
        'set [database] redis = "redis://host:6379" (or REVOLT__DATABASE__REDIS)',
      ),
    );
  }
  const rabbit = servicesNeeding(services, 'rabbit');
  if (rabbit.length > 0 && config.rabbit.host === '') {
    problems.push(
      error(
        'rabbit.host',
        `split services (${list(rabbit)}) need RabbitMQ: in-process jobs cannot reach another process`,
        'set [rabbit] host = "rabbit-host" with port, username and password (or REVOLT__RABBIT__HOST, REVOLT__RABBIT__PASSWORD)',
      ),
    );
  }
  const s3 = servicesNeeding(services, 's3');
  if (s3.length > 0 && config.files.s3.endpoint === '') {
    problems.push(
      error(
        'files.s3.endpoint',
        `split services (${list(s3)}) need S3: a local folder is not shared between processes`,
        'set [files.s3] endpoint = "http://minio:9000" with access_key_id, secret_access_key and default_bucket (or REVOLT__FILES__S3__ENDPOINT)',
      ),
    );
  }
  const storing = services.filter((s) => serviceSpec(s).secrets?.includes('encryption_key'));
  if (storing.length > 0 && config.files.encryption_key === STOAT_DEMO_ENCRYPTION_KEY) {
    problems.push(
      error(
        'files.encryption_key',
        `is Stoat's public demo key, and ${list(storing)} would encrypt stored files with it: anyone could decrypt them`,
        'set files.encryption_key to 32 random bytes in base64 (`npx ermine init` writes one; or REVOLT__FILES__ENCRYPTION_KEY); running the single process before? reuse encryptionKey from <data_dir>/secrets.json',
      ),
    );
  }
  const vapid = config.pushd.vapid;
  const pushing = services.filter((s) => serviceSpec(s).secrets?.includes('vapid'));
  const demoVapid =
    vapid.private_key === STOAT_DEMO_VAPID_PRIVATE_KEY ||
    vapid.public_key === STOAT_DEMO_VAPID_PUBLIC_KEY;
  if (pushing.length > 0 && demoVapid) {
    problems.push(
      error(
        'pushd.vapid.private_key',
        `the VAPID pair is Stoat's public demo pair, used by ${list(pushing)}: anyone could send push messages as this instance`,
        'set pushd.vapid.private_key and public_key to a pair of your own (`npx ermine init` writes one; or REVOLT__PUSHD__VAPID__PRIVATE_KEY and REVOLT__PUSHD__VAPID__PUBLIC_KEY)',
      ),
    );
  }
}

function checkVoiceNodes(config: ErmineConfig, mode: RunMode, problems: ConfigProblem[]): void {
  const nodes = config.api.livekit.nodes;
  const hosts = config.hosts.livekit;
  // The SFU's public URL is derived wherever it runs; its keys come from secrets.json only in
  // the single process (split processes do not share a data folder).
  const derived = sfuEnabled(config, mode) ? config.sfu.node : null;
  const auto = mode.kind === 'single' ? derived : null;

  const hostOnly = new Set(Object.keys(hosts).filter((n) => !nodes[n]));
  const nodeOnly = Object.keys(nodes).filter((n) => hosts[n] === undefined && n !== derived);
  // One mismatch, one message: pair a lone node with a lone (or similar) public URL name.
  const lone = nodeOnly.length === 1 && hostOnly.size === 1;
  for (const name of [...nodeOnly]) {
    const pool = [...hostOnly];
    const pair = closest(name, pool) ?? (lone ? pool[0] : undefined);
    if (pair === undefined) continue;
    hostOnly.delete(pair);
    nodeOnly.splice(nodeOnly.indexOf(name), 1);
    problems.push(
      error(
        `hosts.livekit.${pair}`,
        `node names differ: [hosts.livekit] has "${pair}" but [api.livekit.nodes] has "${name}"; every node needs the same name in both tables`,
        `rename [api.livekit.nodes.${name}] to [api.livekit.nodes.${pair}] (and LiveKit's webhook URL …/${pair}), or add ${name} = "wss://<your host>/livekit" under [hosts.livekit]`,
      ),
    );
  }
  for (const name of hostOnly) {
    // The embedded SFU's node table is generated in the single process.
    if (name === auto) continue;
    problems.push(
      error(
        `hosts.livekit.${name}`,
        `[hosts.livekit] has node "${name}" but there is no [api.livekit.nodes.${name}]; joining a call on it fails with UnknownNode`,
        `add [api.livekit.nodes.${name}] with url, lat, lon, key and secret, or remove ${name} from [hosts.livekit]`,
      ),
    );
  }
  for (const name of nodeOnly) {
    const known = [...Object.keys(hosts), ...(derived ? [derived] : [])];
    const guess = closest(name, known);
    problems.push(
      error(
        `api.livekit.nodes.${name}`,
        `[api.livekit.nodes.${name}] has no public URL: [hosts.livekit] has no "${name}"${guess ? ` (it has "${guess}": a typo?)` : ''}; Stoat's GET / fails with 500 here`,
        guess
          ? `rename [api.livekit.nodes.${name}] to [api.livekit.nodes.${guess}], or add ${name} = "wss://<your host>/livekit" under [hosts.livekit]`
          : `add ${name} = "wss://<your host>/livekit" under [hosts.livekit], or remove [api.livekit.nodes.${name}]`,
      ),
    );
  }

  if (derived !== null && auto === null && !nodes[derived]) {
    problems.push(
      error(
        `api.livekit.nodes.${derived}`,
        `split services share no data folder, so the SFU's node "${derived}" needs its url, key and secret in the config`,
        `add [api.livekit.nodes.${derived}] with url = "http://<sfu host>:7880", lat, lon, key and secret (or REVOLT__API__LIVEKIT__NODES__${derived.toUpperCase()}__KEY / __SECRET)`,
      ),
    );
  }
  for (const [name, node] of Object.entries(nodes)) {
    const key = `api.livekit.nodes.${name}`;
    if (name === auto) {
      if ((node.key === '') !== (node.secret === '')) {
        problems.push(
          error(
            node.key === '' ? `${key}.key` : `${key}.secret`,
            'the embedded SFU needs both key and secret, or neither (then they are generated)',
            `set both ${key}.key and ${key}.secret, or remove both`,
          ),
        );
      }
      continue;
    }
    if (node.url === '') {
      problems.push(
        error(
          `${key}.url`,
          'is empty: the API and voice-ingress call this URL to manage rooms on the node',
          `set ${key}.url to the node's internal server-API URL, e.g. "http://livekit:7880"`,
        ),
      );
    }
    for (const field of ['key', 'secret'] as const) {
      if (node[field] === '') {
        problems.push(
          error(
            `${key}.${field}`,
            `is empty: LiveKit tokens cannot be signed without the node's API ${field}`,
            `set ${key}.${field} to the value in livekit.yml \`keys:\` (or ${env(`${key}.${field}`)})`,
          ),
        );
      }
    }
    if (node.secret !== '' && node.secret.length < 32 && !/change_?me/i.test(node.secret)) {
      problems.push(
        warning(
          `${key}.secret`,
          `is ${node.secret.length} characters; LiveKit servers want API secrets of at least 32`,
          `use a longer secret in both livekit.yml and ${key}.secret`,
        ),
      );
    }
  }

  if (
    mode.kind === 'split' &&
    mode.services.includes('api') &&
    Object.keys(nodes).length === 0 &&
    derived === null
  ) {
    problems.push(
      warning(
        'api.livekit.nodes',
        'no voice nodes: voice and video are off (join_call answers LiveKitUnavailable)',
        'add [api.livekit.nodes.worldwide] and [hosts.livekit] worldwide for a LiveKit server, or set sfu.enabled = true and run --service sfu',
      ),
    );
  }
}
