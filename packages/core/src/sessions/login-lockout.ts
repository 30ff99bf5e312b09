import type { AccountLockout } from '@ermine/database';
import type { CoreDeps } from '../deps';

const MINUTE = 60_000;
/** The failure that sets the first lock. */
const FIRST_LOCK_AT = 3;

/** True while a lockout's expiry lies in the future. */
export function isLockedOut(lockout: AccountLockout | null, nowMs: number): boolean {
  return lockout?.expiry != null && lockout.expiry > nowMs;
}

/**
 * The lockout after one more attempt (counted before the password is checked; the right one
 * then clears it): the 3rd locks for a minute, the 4th for five minutes, the 5th and later for
 * an hour.
 */
export function nextLockout(previous: AccountLockout | null, nowMs: number): AccountLockout {
  const attempts = (previous?.attempts ?? 0) + 1;
  if (attempts < FIRST_LOCK_AT) return { attempts, expiry: null };
  const lockMs = attempts >= 5 ? 60 * MINUTE : attempts === 4 ? 5 * MINUTE : MINUTE;
  return { attempts, expiry: nowMs + lockMs };
}

// Unknown e-mails get the same lockout as real accounts, kept in the cache, so that a lockout
// never tells whether an address is registered.
const PHANTOM_TTL_MS = 2 * 60 * MINUTE;

function phantomKey(emailNormalised: string): string {
  return `login:lockout:${emailNormalised}`;
}

// The lockout recorded for an e-mail that has no account.
async function phantomLockout(
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

/**
 * Checks and counts one login attempt for an e-mail that has no account, with the answers
 * AccountStore.takeLoginAttempt gives an account (concurrent attempts included): false while
 * locked out. Only the lock is stored; the attempts since the last lock are numbered by one
 * atomic counter per lock period, and the attempt that reaches the next lock stores it.
 */
export async function takePhantomAttempt(
  deps: CoreDeps,
  emailNormalised: string,
): Promise<boolean> {
  const now = deps.clock.now();
  const lockout = await phantomLockout(deps, emailNormalised);
  if (isLockedOut(lockout, now)) return false;
  const counted = lockout?.attempts ?? 0;
  // Up to the first lock, the attempts it takes; after each lock has ended, one.
  const allowed = Math.max(FIRST_LOCK_AT - counted, 1);
  const period = `${phantomKey(emailNormalised)}:after:${lockout?.expiry ?? 'none'}`;
  const { count } = await deps.cache.hit(period, PHANTOM_TTL_MS);
  if (count > allowed) return false;
  if (count === allowed) {
    const next = nextLockout({ attempts: counted + count - 1, expiry: null }, now);
    await deps.cache.set(phantomKey(emailNormalised), JSON.stringify(next), PHANTOM_TTL_MS);
  }
  return true;
}
