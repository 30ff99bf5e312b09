import type { DataResendVerification } from '@ermine/models/account';
import type { CoreDeps } from '../deps';
import { findAccountToEmail, startEmailVerification, startPasswordReset } from './account-email';

/**
 * `POST /auth/account/reverify`: re-sends the verification e-mail (or a password reset to a
 * verified account). Never tells whether the address is registered. Without SMTP → 400
 * `FeatureDisabled {feature: "email"}` for every address alike.
 */
export async function resendVerification(
  deps: CoreDeps,
  data: DataResendVerification,
): Promise<void> {
  const account = await findAccountToEmail(deps, data);
  if (!account) return;
  const status = account.verification.status;
  if (status === 'Verified') await startPasswordReset(deps, account, 'reset_existing');
  else if (status === 'Pending') await startEmailVerification(deps, account);
}
