import type { AccountRow } from '@ermine/database';
import type { MFAResponse } from '@ermine/models/mfa';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { matchTotp, newTotpSecret } from '../auth/totp';
import { countedMfaAttempt } from './mfa-attempts';
import { markTotpStepUsed } from './mfa-response';

/**
 * `POST /auth/mfa/totp`: a new secret, waiting (Pending) for its first code. Already enabled →
 * 400 `TotpAlreadyEnabled`.
 */
export async function generateTotpSecret(deps: CoreDeps, account: AccountRow): Promise<string> {
  if (account.mfa.totp?.status === 'Enabled') throw fail('TotpAlreadyEnabled');
  const secret = newTotpSecret();
  await deps.db.accounts.update(account.id, {
    mfa: { ...account.mfa, totp: { status: 'Pending', secret } },
  });
  return secret;
}

/**
 * `PUT /auth/mfa/totp`: turns TOTP on when `response` is a `totp_code` valid for the pending
 * secret (else 401 `InvalidToken`). Already on → 400 `TotpAlreadyEnabled`; no pending secret →
 * 400 `InvalidOperation`; too many wrong codes lately → 403 `LockedOut`.
 */
export async function enableTotp(
  deps: CoreDeps,
  account: AccountRow,
  response: MFAResponse,
): Promise<void> {
  const totp = account.mfa.totp;
  if (totp?.status === 'Enabled') throw fail('TotpAlreadyEnabled');
  if (!('totp_code' in response)) throw fail('InvalidToken');
  if (!totp) throw fail('InvalidOperation');
  await countedMfaAttempt(deps, account.id, async () => {
    const step = matchTotp(totp.secret, response.totp_code, deps.clock.now());
    if (step === null) throw fail('InvalidToken');
    await markTotpStepUsed(deps, account.id, step);
  });
  await deps.db.accounts.update(account.id, {
    mfa: { ...account.mfa, totp: { status: 'Enabled', secret: totp.secret } },
  });
}

/** `DELETE /auth/mfa/totp`: turns TOTP off (recovery codes are kept, like Stoat). */
export async function disableTotp(deps: CoreDeps, account: AccountRow): Promise<void> {
  await deps.db.accounts.update(account.id, { mfa: { ...account.mfa, totp: null } });
}
