import type { AccountRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { hashPassword, verifyPassword } from '../auth/password';
import { assertSafePassword } from '../auth/password-policy';
import { isMfaActive } from '../mfa/mfa-methods';

/** Input of a password change. */
export interface ChangePasswordInput {
  password: string;
  currentPassword: string;
  /** Whether a validated MFA ticket came with the request (required while TOTP is on). */
  withTicket: boolean;
}

/**
 * `PATCH /auth/account/change/password`. TOTP on and no ticket, or a wrong current password →
 * 401 `InvalidCredentials`; the new password follows the sign-up rules.
 */
export async function changePassword(
  deps: CoreDeps,
  account: AccountRow,
  input: ChangePasswordInput,
): Promise<void> {
  if (isMfaActive(account) && !input.withTicket) throw fail('InvalidCredentials');
  assertSafePassword(input.password);
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw fail('InvalidCredentials');
  }
  await deps.db.accounts.update(account.id, { passwordHash: await hashPassword(input.password) });
}
