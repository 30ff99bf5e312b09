import type { DataResendVerification } from '@ermine/models/account';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { checkCaptcha } from '../auth/captcha';
import { assertValidEmail, normaliseEmail } from '../auth/email';
import { emailEnabled } from '../auth/mailer';
import { startEmailVerification, startPasswordReset } from './account-email';

/**
 * `POST /auth/account/reverify`: re-sends the verification e-mail (or a password reset to a
 * verified account). Never tells whether the address is registered. Without SMTP → 400
 * `FeatureDisabled {feature: "email"}` for every address alike.
 */
export async function resendVerification(
  deps: CoreDeps,
  data: DataResendVerification,
): Promise<void> {
  if (!emailEnabled(deps.config)) throw fail('FeatureDisabled', { feature: 'email' });
  await checkCaptcha(deps.config, data.captcha);
  assertValidEmail(data.email);
  const account = await deps.db.accounts.findByEmail(normaliseEmail(data.email));
  if (!account) return;
  const status = account.verification.status;
  if (status === 'Verified') await startPasswordReset(deps, account, 'reset_existing');
  else if (status === 'Pending') await startEmailVerification(deps, account);
}
