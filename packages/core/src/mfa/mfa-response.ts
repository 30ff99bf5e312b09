import type { AccountRow, MfaTicketRow } from '@ermine/database';
import type { MFAResponse } from '@ermine/models/mfa';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { verifyPassword } from '../auth/password';
import { matchTotp } from '../auth/totp';
import { countedMfaAttempt } from './mfa-attempts';
import { mfaMethods } from './mfa-methods';

// Long enough to outlive the ±1 step a TOTP code is accepted for.
const TOTP_REUSE_WINDOW_MS = 2 * 60_000;
// Long enough to outlive any concurrent request that read the code list before it changed.
const RECOVERY_REUSE_WINDOW_MS = 10 * 60_000;

/**
 * Records that the account's TOTP code of `step` was used; false when it already was. Each
 * step's code opens one door: a second use (replay, or a race) fails.
 */
export async function markTotpStepUsed(
  deps: CoreDeps,
  accountId: string,
  step: number,
): Promise<boolean> {
  const used = await deps.cache.hit(`mfa:totp:${accountId}:${step}`, TOTP_REUSE_WINDOW_MS);
  return used.count === 1;
}

async function checkTotp(deps: CoreDeps, account: AccountRow, code: string): Promise<void> {
  const secret = account.mfa.totp?.status === 'Enabled' ? account.mfa.totp.secret : null;
  const step = secret === null ? null : matchTotp(secret, code, deps.clock.now());
  if (step === null || !(await markTotpStepUsed(deps, account.id, step))) {
    throw fail('InvalidToken');
  }
}

async function useRecoveryCode(deps: CoreDeps, account: AccountRow, code: string): Promise<void> {
  const wanted = code.trim().toLowerCase();
  if (!account.mfa.recoveryCodes.includes(wanted)) throw fail('InvalidToken');
  const used = await deps.cache.hit(
    `mfa:recovery:${account.id}:${wanted}`,
    RECOVERY_REUSE_WINDOW_MS,
  );
  if (used.count > 1) throw fail('InvalidToken');
  await deps.db.transaction(async (tx) => {
    const fresh = await tx.accounts.findById(account.id);
    if (!fresh || !fresh.mfa.recoveryCodes.includes(wanted)) throw fail('InvalidToken');
    const recoveryCodes = fresh.mfa.recoveryCodes.filter((c) => c !== wanted);
    await tx.accounts.update(account.id, { mfa: { ...fresh.mfa, recoveryCodes } });
  });
}

/**
 * Checks an answer to an MFA challenge for `account`. A method not offered → 400
 * `DisallowedMFAMethod`; a wrong password → 401 `InvalidCredentials`; a wrong, reused or stale
 * code → 401 `InvalidToken`; too many wrong answers lately → 403 `LockedOut`. A recovery code is
 * used up. `ticket` records the accepted TOTP code.
 */
export async function consumeMfaResponse(
  deps: CoreDeps,
  account: AccountRow,
  response: MFAResponse,
  ticket?: MfaTicketRow,
): Promise<void> {
  const allowed = mfaMethods(account);
  if ('password' in response) {
    if (!allowed.includes('Password')) throw fail('DisallowedMFAMethod');
    await countedMfaAttempt(deps, account.id, async () => {
      if (!(await verifyPassword(account.passwordHash, response.password))) {
        throw fail('InvalidCredentials');
      }
    });
    return;
  }
  if ('recovery_code' in response) {
    if (!allowed.includes('Recovery')) throw fail('DisallowedMFAMethod');
    await countedMfaAttempt(deps, account.id, () =>
      useRecoveryCode(deps, account, response.recovery_code),
    );
    return;
  }
  if (!allowed.includes('Totp')) throw fail('DisallowedMFAMethod');
  await countedMfaAttempt(deps, account.id, () => checkTotp(deps, account, response.totp_code));
  if (ticket) await deps.db.mfaTickets.update(ticket.id, { lastTotpCode: response.totp_code });
}
