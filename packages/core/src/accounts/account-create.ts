import { isDuplicateKeyError, newAccountRow, type AccountRow } from '@ermine/database';
import type { DataCreateAccount } from '@ermine/models/account';
import { newId } from '@ermine/models/ids';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { checkCaptcha } from '../auth/captcha';
import { assertValidEmail, normaliseEmail } from '../auth/email';
import { emailEnabled } from '../auth/mailer';
import { hashPassword } from '../auth/password';
import { assertSafePassword } from '../auth/password-policy';
import { startEmailVerification, startPasswordReset } from './account-email';

// Without invite storage every code is unknown; the check order is Stoat's.
function checkInvite(deps: CoreDeps, invite: string | null | undefined): void {
  if (!deps.config.api?.registration?.invite_only) return;
  if (!invite) throw fail('MissingInvite');
  throw fail('InvalidInvite');
}

// An address that is already registered gets an e-mail (verification again, or a password
// reset) and the caller sees the same 204 as for a new account.
async function remindExisting(deps: CoreDeps, account: AccountRow): Promise<void> {
  if (!emailEnabled(deps.config)) return;
  if (account.verification.status === 'Pending') await startEmailVerification(deps, account);
  else await startPasswordReset(deps, account, 'reset_existing');
}

/**
 * `POST /auth/account/create`. Validates the address (400 `IncorrectData {with: "email"}`),
 * the password (`ShortPassword`, `CompromisedPassword`) and the invite rule, then creates the
 * account: verified at once without SMTP, else pending with a verification e-mail. A registered
 * address ends the same way and costs the same time, so it cannot be detected.
 */
export async function createAccount(deps: CoreDeps, data: DataCreateAccount): Promise<void> {
  await checkCaptcha(deps.config, data.captcha);
  assertValidEmail(data.email);
  assertSafePassword(data.password);
  checkInvite(deps, data.invite);

  const emailNormalised = normaliseEmail(data.email);
  // Hashed before the lookup so that both outcomes do the same expensive work.
  const passwordHash = await hashPassword(data.password);
  const existing = await deps.db.accounts.findByEmail(emailNormalised);
  if (existing) return remindExisting(deps, existing);

  const now = deps.clock.now();
  const row = newAccountRow({
    id: newId(now),
    email: data.email,
    emailNormalised,
    passwordHash,
    createdAt: now,
  });
  try {
    await deps.db.accounts.create(row);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // Lost a race with another sign-up for the same address: answer like any duplicate.
    const winner = await deps.db.accounts.findByEmail(emailNormalised);
    if (winner) await remindExisting(deps, winner);
    return;
  }
  if (emailEnabled(deps.config)) await startEmailVerification(deps, row);
}
