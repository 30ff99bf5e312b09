import type { AccountRow } from '@ermine/database';
import type { CoreDeps } from '../deps';
import { newRecoveryCodes } from '../auth/recovery-codes';

/** `POST /auth/mfa/recovery`: the account's remaining recovery codes. */
export function listRecoveryCodes(account: AccountRow): string[] {
  return account.mfa.recoveryCodes;
}

/** `PATCH /auth/mfa/recovery`: replaces the recovery codes with ten new ones and returns them. */
export async function regenerateRecoveryCodes(
  deps: CoreDeps,
  account: AccountRow,
): Promise<string[]> {
  const recoveryCodes = newRecoveryCodes();
  await deps.db.accounts.update(account.id, { mfa: { ...account.mfa, recoveryCodes } });
  return recoveryCodes;
}
