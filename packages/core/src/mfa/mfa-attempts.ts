import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';

/** Wrong MFA answers an account may give in one window before every answer is refused. */
export const MFA_MAX_FAILURES = 10;
/** The window of the failure count; it starts at the first wrong answer. */
export const MFA_FAILURE_WINDOW_MS = 60 * 60_000;

/**
 * Runs `check` (which throws on a wrong answer) as one counted MFA attempt of `accountId`. The
 * attempt is counted atomically before the check, so concurrent guesses cannot all be checked;
 * past the limit → 403 `LockedOut` without checking, even for the right answer. A right answer
 * clears the count.
 */
export async function countedMfaAttempt(
  deps: CoreDeps,
  accountId: string,
  check: () => Promise<void>,
): Promise<void> {
  const key = `mfa:attempts:${accountId}`;
  const attempt = await deps.cache.hit(key, MFA_FAILURE_WINDOW_MS);
  if (attempt.count > MFA_MAX_FAILURES) throw fail('LockedOut');
  await check();
  await deps.cache.del(key);
}
