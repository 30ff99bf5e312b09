import type { AccountRow } from '@ermine/database';
import type { DataResendVerification, DataSendPasswordReset } from '@ermine/models/account';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { checkCaptcha } from '../auth/captcha';
import { assertValidEmail, normaliseEmail } from '../auth/email';
import { emailEnabled, emailTokenTtlMs, queueAuthEmail } from '../auth/mailer';
import { hashToken, newEmailToken } from '../auth/tokens';

// E-mailed codes are stored as hashes, like session tokens: the database alone never lets
// anyone verify, reset or delete.

/**
 * The account a request for an e-mailed link (reverify, password reset) is about, or null for
 * an unregistered address. Without SMTP → 400 `FeatureDisabled {feature: "email"}` before any
 * other check, so that no answer tells whether an address is registered.
 */
export async function findAccountToEmail(
  deps: CoreDeps,
  data: DataResendVerification | DataSendPasswordReset,
): Promise<AccountRow | null> {
  if (!emailEnabled(deps.config)) throw fail('FeatureDisabled', { feature: 'email' });
  await checkCaptcha(deps.config, data.captcha);
  assertValidEmail(data.email);
  return deps.db.accounts.findByEmail(normaliseEmail(data.email));
}

/** Puts the account into `Pending` with a fresh code and queues the verification e-mail. */
export async function startEmailVerification(deps: CoreDeps, account: AccountRow): Promise<void> {
  const token = newEmailToken();
  const expiry = deps.clock.now() + emailTokenTtlMs(deps.config, 'verify');
  await deps.db.accounts.update(account.id, {
    verification: { status: 'Pending', token: hashToken(token), expiry },
  });
  await queueAuthEmail(deps, 'verify', { to: account.email, email: account.email }, token);
}

/** Puts the account into `Moving` towards `newEmail` and queues a verification to that address. */
export async function startEmailMove(
  deps: CoreDeps,
  account: AccountRow,
  newEmail: string,
): Promise<void> {
  const token = newEmailToken();
  const expiry = deps.clock.now() + emailTokenTtlMs(deps.config, 'verify');
  await deps.db.accounts.update(account.id, {
    verification: { status: 'Moving', newEmail, token: hashToken(token), expiry },
  });
  await queueAuthEmail(deps, 'verify', { to: newEmail, email: account.email }, token);
}

/** Stores a fresh reset code and queues the reset e-mail (`reset_existing` after a sign-up). */
export async function startPasswordReset(
  deps: CoreDeps,
  account: AccountRow,
  kind: 'reset' | 'reset_existing',
): Promise<void> {
  const token = newEmailToken();
  const expiry = deps.clock.now() + emailTokenTtlMs(deps.config, 'reset');
  await deps.db.accounts.update(account.id, { passwordReset: { token: hashToken(token), expiry } });
  await queueAuthEmail(deps, kind, { to: account.email, email: account.email }, token);
}

/** Stores a deletion code and queues the confirmation e-mail. */
export async function startDeletionConfirmation(
  deps: CoreDeps,
  account: AccountRow,
): Promise<void> {
  const token = newEmailToken();
  const expiry = deps.clock.now() + emailTokenTtlMs(deps.config, 'deletion');
  await deps.db.accounts.update(account.id, {
    deletion: { status: 'WaitingForVerification', token: hashToken(token), expiry },
  });
  await queueAuthEmail(deps, 'deletion', { to: account.email, email: account.email }, token);
}
