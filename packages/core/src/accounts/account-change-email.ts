import type { AccountRow } from '@ermine/database';
import { isDuplicateKeyError } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { assertValidEmail, normaliseEmail } from '../auth/email';
import { emailEnabled } from '../auth/mailer';
import { verifyPassword } from '../auth/password';
import { isMfaActive } from '../mfa/mfa-methods';
import { startEmailMove } from './account-email';

/** Input of an e-mail change. */
export interface ChangeEmailInput {
  email: string;
  currentPassword: string;
  /** Whether a validated MFA ticket came with the request (required while TOTP is on). */
  withTicket: boolean;
}

/**
 * `PATCH /auth/account/change/email`. With SMTP the new address must be confirmed from an
 * e-mailed link (state `Moving`); without SMTP it applies at once. TOTP on and no ticket, or a
 * wrong password → 401 `InvalidCredentials`; an address used by another account → 400
 * `IncorrectData {with: "email"}`.
 */
export async function changeEmail(
  deps: CoreDeps,
  account: AccountRow,
  input: ChangeEmailInput,
): Promise<void> {
  assertValidEmail(input.email);
  if (isMfaActive(account) && !input.withTicket) throw fail('InvalidCredentials');
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw fail('InvalidCredentials');
  }
  if (account.verification.status === 'Pending') throw fail('UnverifiedAccount');
  if (emailEnabled(deps.config)) return startEmailMove(deps, account, input.email);
  try {
    await deps.db.accounts.update(account.id, {
      email: input.email,
      emailNormalised: normaliseEmail(input.email),
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw fail('IncorrectData', { with: 'email' });
    throw err;
  }
}
