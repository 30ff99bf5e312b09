import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import {
  CONFIG_FILE,
  SECRETS_FILE,
  STOAT_DEMO_ENCRYPTION_KEY,
  STOAT_DEMO_VAPID_PRIVATE_KEY,
  decodeVapidPrivateKey,
  formatProblems,
  generateSecrets,
  hasErrors,
  isEncryptionKey,
  isVapidPublicKey,
  loadConfig,
  validateForMode,
  type GeneratedSecrets,
} from '@ermine/config';
import { renderRevoltToml } from '@ermine/config/template';
import { flag, parseCommandArgs, type CommandIo } from '../args';

const USAGE = `Usage: ermine init [--domain HOST] [--out FILE] [--force]
  --domain HOST  public host name, e.g. chat.example.com (public URL https://HOST)
  --out FILE     where to write (default ./Revolt.toml)
  --force        replace an existing file (its encryption key and VAPID pair are kept)`;

/** The keys whose change breaks existing data: stored files, push subscriptions. */
interface KeptKeys {
  encryptionKey?: string;
  vapidPrivateKey?: string;
  vapidPublicKey?: string;
  from: string;
}

/**
 * `ermine init [--domain HOST] [--out FILE] [--force]`: writes a complete, commented Revolt.toml
 * with freshly generated secrets. Refuses to replace an existing file without --force. Returns
 * the exit code (0 written, 1 refused or failed, 2 bad usage).
 */
export async function runInit(argv: string[], io: CommandIo): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { usage: USAGE, valued: ['domain', 'out'], booleans: ['force'] },
    io,
  );
  if (typeof args === 'number') return args;
  const domain = flag(args, 'domain');
  const publicUrl = domain === undefined ? '' : toPublicUrl(domain);
  if (publicUrl === null) {
    io.err(
      `--domain ${JSON.stringify(domain)} is not a host name; use e.g. --domain chat.example.com`,
    );
    return 2;
  }
  const out = resolve(io.cwd, flag(args, 'out') ?? CONFIG_FILE);
  const shown = relative(io.cwd, out) || out;
  const force = args.flags.has('force');
  const exists = existsSync(out);
  if (exists && !force) {
    io.err(
      `${shown} already exists; not replacing it (it holds this instance's encryption key).\n` +
        'Use --force to replace it (the encryption key and VAPID pair are kept), or --out FILE to write elsewhere.',
    );
    return 1;
  }

  const secrets = generateSecrets();
  const kept = (exists ? keptFromConfig(out, io.cwd) : null) ?? keptFromDataDir(io.cwd);
  if (kept) applyKept(secrets, kept);

  await mkdir(dirname(out), { recursive: true });
  if (exists) await rename(out, `${out}.old`);
  const text = renderRevoltToml({ publicUrl, secrets });
  try {
    await writeFile(out, text, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    io.err(`cannot write ${shown}: ${(err as Error).message}`);
    return 1;
  }

  const checked = loadConfig({ file: out, cwd: dirname(out), env: {} });
  const problems = [...checked.problems, ...validateForMode(checked.config, { kind: 'single' })];
  if (hasErrors(problems)) {
    io.err(`wrote ${shown}, but it does not pass the check:\n${formatProblems(problems)}`);
    return 1;
  }

  io.out(`wrote ${shown} (readable by you only: it holds secrets)`);
  if (exists) io.out(`the previous file is now ${shown}.old`);
  if (kept)
    io.out(
      `kept the encryption key and VAPID pair from ${kept.from}, so stored files stay readable`,
    );
  io.out(
    `public URL: ${publicUrl || 'http://localhost:14700 (set ermine.public_url, or run init with --domain)'}`,
  );
  io.out(
    'next: `npx ermine config check`, then `npm start` (split services: `npx ermine config check --service api`, then `npx ermine start --service api`)',
  );
  return 0;
}

/** `chat.example.com` → `https://chat.example.com`; a full http(s) URL is kept; else null. */
function toPublicUrl(domain: string): string | null {
  const candidate = domain.includes('://') ? domain : `https://${domain}`;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.hostname === '' || url.search !== '' || url.hash !== '') return null;
    return candidate.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** The keys of an existing config that must survive a rewrite. */
function keptFromConfig(file: string, cwd: string): KeptKeys | null {
  const { config } = loadConfig({ file, cwd, env: {} });
  const key = config.files.encryption_key;
  const kept: KeptKeys = { from: relative(cwd, file) || file };
  if (key !== STOAT_DEMO_ENCRYPTION_KEY && isEncryptionKey(key)) kept.encryptionKey = key;
  const vapid = config.pushd.vapid;
  const decoded = decodeVapidPrivateKey(vapid.private_key);
  if (
    decoded &&
    isVapidPublicKey(vapid.public_key) &&
    vapid.private_key !== STOAT_DEMO_VAPID_PRIVATE_KEY
  ) {
    kept.vapidPrivateKey = vapid.private_key;
    kept.vapidPublicKey = vapid.public_key;
  }
  return kept.encryptionKey || kept.vapidPrivateKey ? kept : null;
}

/** A single process that already ran here keeps its keys in ./data/secrets.json: reuse them. */
function keptFromDataDir(cwd: string): KeptKeys | null {
  const file = resolve(cwd, 'data', SECRETS_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const kept: KeptKeys = { from: relative(cwd, file) };
    const { encryptionKey, vapidPrivateKey, vapidPublicKey } = parsed;
    if (typeof encryptionKey === 'string' && isEncryptionKey(encryptionKey))
      kept.encryptionKey = encryptionKey;
    if (
      typeof vapidPrivateKey === 'string' &&
      typeof vapidPublicKey === 'string' &&
      decodeVapidPrivateKey(vapidPrivateKey) &&
      isVapidPublicKey(vapidPublicKey)
    ) {
      kept.vapidPrivateKey = vapidPrivateKey;
      kept.vapidPublicKey = vapidPublicKey;
    }
    return kept.encryptionKey || kept.vapidPrivateKey ? kept : null;
  } catch {
    return null;
  }
}

function applyKept(secrets: GeneratedSecrets, kept: KeptKeys): void {
  if (kept.encryptionKey) secrets.encryptionKey = kept.encryptionKey;
  if (kept.vapidPrivateKey && kept.vapidPublicKey) {
    secrets.vapidPrivateKey = kept.vapidPrivateKey;
    secrets.vapidPublicKey = kept.vapidPublicKey;
  }
}
