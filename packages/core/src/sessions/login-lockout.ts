import type { AccountLockout } from '@ermine/database';
import type { CoreDeps } from '../deps';

const MINUTE = 60_000;

/** True while a lockout's expiry lies in the future. */
export function isLockedOut(lockout: AccountLockout | null, nowMs: number): boolean {
  return lockout?.expiry != null && lockout.expiry > nowMs;
}

/**
 * The lockout after one more wrong password: the 3rd failure locks for a minute, the 4th for
 * five minutes, the 5th and later for an hour.
 */
export function nextLockout(previous: AccountLockout | null, nowMs: number): AccountLockout {
  const attempts = (previous?.attempts ?? 0) + 1;
  if (attempts < 3) return { attempts, expiry: null };
  const lockMs = attempts >= 5 ? 60 * MINUTE : attempts === 4 ? 5 * MINUTE : MINUTE;
  return { attempts, expiry: nowMs + lockMs };
}

// Unknown e-mails get the same lockout as real accounts, kept in the cache, so that a lockout
// never tells whether an address is registered.
const PHANTOM_TTL_MS = 2 * 60 * MINUTE;

function phantomKey(emailNormalised: string): string {
  return `login:lockout:${emailNormalised}`;
}

/** The lockout recorded for an e-mail that has no account. */
export async function phantomLockout(
  deps: CoreDeps,
  emailNormalised: string,
): Promise<AccountLockout | null> {
  const raw = await deps.cache.get(phantomKey(emailNormalised));
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as AccountLockout;
  } catch {
    return null;
  }
}

/** Records one more failed login for an e-mail that has no account. */
export async function recordPhantomFailure(
  deps: CoreDeps,
  emailNormalised: string,
  previous: AccountLockout | null,
): Promise<void> {
  const next = nextLockout(previous, deps.clock.now());
  await deps.cache.set(phantomKey(emailNormalised), JSON.stringify(next), PHANTOM_TTL_MS);
}
