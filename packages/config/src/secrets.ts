import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomInt,
} from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  STOAT_DEMO_ENCRYPTION_KEY,
  STOAT_DEMO_VAPID_PRIVATE_KEY,
  STOAT_DEMO_VAPID_PUBLIC_KEY,
  type ErmineConfig,
} from './schema';

/** Fresh secrets for a new Revolt.toml, each in the format Stoat expects. */
export interface GeneratedSecrets {
  /** LiveKit API key ("API" + 12 random characters). */
  livekitKey: string;
  /** LiveKit API secret (48 random characters). */
  livekitSecret: string;
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
  rabbitPassword: string;
  /** `files.encryption_key`: base64 of 32 random bytes. */
  encryptionKey: string;
  /** `pushd.vapid.private_key`: base64 (URL-safe, unpadded) of the PEM of an EC P-256 key. */
  vapidPrivateKey: string;
  /** `pushd.vapid.public_key`: base64url of the 65-byte uncompressed public point. */
  vapidPublicKey: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string of letters and digits (uniform, from the system CSPRNG). */
export function randomToken(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** A new AES-256 key for `files.encryption_key`: base64 of 32 random bytes. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/** A new VAPID key pair in Stoat's formats. */
export function generateVapidKeys(): { privateKey: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  return {
    // Stoat decodes this with URL-safe base64 without padding; PEM text is ASCII, so it round-trips.
    privateKey: Buffer.from(pem, 'utf8').toString('base64url'),
    publicKey: publicPointOf(privateKey).toString('base64url'),
  };
}

/** Every secret a new Revolt.toml needs, freshly generated (no openssl involved). */
export function generateSecrets(): GeneratedSecrets {
  const vapid = generateVapidKeys();
  return {
    livekitKey: 'API' + randomToken(12),
    livekitSecret: randomToken(48),
    s3AccessKeyId: randomToken(20),
    s3SecretAccessKey: randomToken(40),
    rabbitPassword: randomToken(32),
    encryptionKey: generateEncryptionKey(),
    vapidPrivateKey: vapid.privateKey,
    vapidPublicKey: vapid.publicKey,
  };
}

function publicPointOf(key: ReturnType<typeof createPrivateKey>): Buffer {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  return Buffer.concat([Buffer.from([4]), x, y]);
}

function decodeBase64Loose(value: string): Buffer | null {
  const clean = value.trim().replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/_-]*$/.test(clean) || clean.length === 0) return null;
  return Buffer.from(clean.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
}

/**
 * Reads `pushd.vapid.private_key` (base64 of a PEM, either alphabet, padding optional).
 * Returns the PEM, the raw 32-byte scalar as base64url (what the web-push library wants) and
 * the matching public key, or null when it is not an EC P-256 private key.
 */
export function decodeVapidPrivateKey(
  value: string,
): { pem: string; raw: string; publicKey: string } | null {
  const bytes = decodeBase64Loose(value);
  if (!bytes) return null;
  const pem = bytes.toString('utf8');
  if (!pem.includes('-----BEGIN')) return null;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      return null;
    }
    const d = key.export({ format: 'jwk' }).d ?? '';
    return { pem, raw: d, publicKey: publicPointOf(key).toString('base64url') };
  } catch {
    return null;
  }
}

/** True when `value` is base64url (padding optional) of a 65-byte uncompressed P-256 point. */
export function isVapidPublicKey(value: string): boolean {
  const bytes = decodeBase64Loose(value);
  return bytes !== null && bytes.length === 65 && bytes[0] === 4;
}

/** True when `value` is standard base64 of exactly 32 bytes. */
export function isEncryptionKey(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  return Buffer.from(value, 'base64').length === 32;
}

/** The keys one single-process instance generates for itself, kept in `<data_dir>/secrets.json`. */
export interface LocalSecrets {
  encryptionKey: string;
  vapidPrivateKey: string;
  vapidPublicKey: string;
  /** API key and secret of the embedded SFU when `[api.livekit.nodes.<node>]` sets none. */
  sfuKey: string;
  sfuSecret: string;
}

/** `ensureLocalSecrets`'s answer: the secrets, their file, and whether they were just made. */
export interface LocalSecretsResult extends LocalSecrets {
  file: string;
  created: boolean;
}

/** Name of the file the single process keeps its generated keys in, inside data_dir. */
export const SECRETS_FILE = 'secrets.json';

const SECRET_FIELDS = [
  'encryptionKey',
  'vapidPrivateKey',
  'vapidPublicKey',
  'sfuKey',
  'sfuSecret',
] as const;

/**
 * First run: creates `<dataDir>/secrets.json` (mode 0600) with an encryption key, a VAPID pair
 * and an SFU key/secret. Later runs read it back (adding any missing field). Throws when the
 * file exists but is unreadable or corrupt: replacing it would make every stored file unreadable.
 */
export async function ensureLocalSecrets(
  dataDir: string,
  log?: { warn(message: string): void },
): Promise<LocalSecretsResult> {
  const file = join(dataDir, SECRETS_FILE);
  await mkdir(dataDir, { recursive: true });
  const existing = await readSecretsFile(file);
  if (existing === null) {
    const fresh = freshLocalSecrets();
    await writeSecretsFile(file, fresh);
    return { ...fresh, file, created: true };
  }
  const fresh = freshLocalSecrets();
  const merged = { ...fresh };
  const missing: string[] = [];
  for (const field of SECRET_FIELDS) {
    const value = existing[field];
    if (typeof value === 'string' && value !== '') merged[field] = value;
    else missing.push(field);
  }
  // A VAPID pair must stay a pair: if either half is missing, both are regenerated.
  if (missing.includes('vapidPrivateKey') !== missing.includes('vapidPublicKey')) {
    merged.vapidPrivateKey = fresh.vapidPrivateKey;
    merged.vapidPublicKey = fresh.vapidPublicKey;
  }
  if (missing.length > 0) {
    log?.warn(`${file} lacked ${missing.join(', ')}; generated and saved them`);
    await writeSecretsFile(file, merged);
  }
  return { ...merged, file, created: false };
}

function freshLocalSecrets(): LocalSecrets {
  const vapid = generateVapidKeys();
  return {
    encryptionKey: generateEncryptionKey(),
    vapidPrivateKey: vapid.privateKey,
    vapidPublicKey: vapid.publicKey,
    sfuKey: 'API' + randomToken(12),
    sfuSecret: randomToken(48),
  };
}

async function readSecretsFile(file: string): Promise<Partial<Record<string, unknown>> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new Error(
      `${file} is not valid JSON (${(err as Error).message}); restore it from a backup — it holds the key of every stored file`,
    );
  }
}

async function writeSecretsFile(file: string, secrets: LocalSecrets): Promise<void> {
  const body = JSON.stringify(
    Object.fromEntries(SECRET_FIELDS.map((f) => [f, secrets[f]])),
    null,
    2,
  );
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, body + '\n', { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

/**
 * For the single process: fills what the operator left at Stoat's public defaults with this
 * instance's own keys (the encryption key, the VAPID pair) and gives the embedded SFU's node a
 * key/secret when `[api.livekit.nodes.<sfu.node>]` is absent or sets neither. Returns a copy.
 */
export function applyLocalSecrets(config: ErmineConfig, secrets: LocalSecrets): ErmineConfig {
  const out = structuredClone(config);
  if (out.files.encryption_key === STOAT_DEMO_ENCRYPTION_KEY) {
    out.files.encryption_key = secrets.encryptionKey;
  }
  const vapid = out.pushd.vapid;
  if (
    vapid.private_key === STOAT_DEMO_VAPID_PRIVATE_KEY ||
    vapid.public_key === STOAT_DEMO_VAPID_PUBLIC_KEY
  ) {
    vapid.private_key = secrets.vapidPrivateKey;
    vapid.public_key = secrets.vapidPublicKey;
  }
  if (out.sfu.enabled !== false) {
    const name = out.sfu.node;
    const node = out.api.livekit.nodes[name];
    if (!node) {
      out.api.livekit.nodes[name] = {
        url: '',
        lat: 0,
        lon: 0,
        key: secrets.sfuKey,
        secret: secrets.sfuSecret,
        private: false,
      };
    } else if (node.key === '' && node.secret === '') {
      node.key = secrets.sfuKey;
      node.secret = secrets.sfuSecret;
    }
  }
  return out;
}
