import type { DataPasswordReset, DataSendPasswordReset } from '@ermine/models/account';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { hashPassword } from '../auth/password';
import { assertSafePassword } from '../auth/password-policy';
import { hashToken } from '../auth/tokens';
import { endAllSessions } from '../sessions/session-delete-all';
import { findAccountToEmail, startPasswordReset } from './account-email';

/**
 * `POST /auth/account/reset_password`: e-mails a reset link to a registered, verified address.
 * Never tells whether the address is registered. Without SMTP → 400
 * `FeatureDisabled {feature: "email"}` for every address alike.
 */
export async function sendPasswordReset(
  deps: CoreDeps,
  data: DataSendPasswordReset,
): Promise<void> {
  const account = await findAccountToEmail(deps, data);
  if (!account || account.verification.status === 'Pending') return;
  await startPasswordReset(deps, account, 'reset');
}

/**
 * `PATCH /auth/account/reset_password`: sets a new password with an e-mailed code (unknown or
 * expired → 401 `InvalidToken`), clears any lockout, and ends every session when asked.
 */
export async function resetPassword(deps: CoreDeps, data: DataPasswordReset): Promise<void> {
  const account =
    data.token === ''
      ? null
      : await deps.db.accounts.findByPasswordResetToken(hashToken(data.token));
  const reset = account?.passwordReset;
  if (!account || !reset || reset.expiry < deps.clock.now()) throw fail('InvalidToken');
  assertSafePassword(data.password);
  await deps.db.accounts.update(account.id, {
    passwordHash: await hashPassword(data.password),
    passwordReset: null,
    lockout: null,
  });
  if (data.remove_sessions) await endAllSessions(deps, account.id, null);
}
