import type { AccountRow, MfaTicketRow } from '@ermine/database';
import type { MFATicket, MultiFactorStatus } from '@ermine/models/mfa';
import { isMfaActive } from './mfa-methods';

/** A stored ticket and its plain token as Stoat's `MFATicket`. */
export function presentMfaTicket(row: MfaTicketRow, token: string): MFATicket {
  return {
    _id: row.id,
    account_id: row.accountId,
    token,
    validated: row.validated,
    authorised: row.authorised,
    last_totp_code: row.lastTotpCode,
  };
}

/** An account's factors as `MultiFactorStatus` (only true values present). */
export function presentMfaStatus(account: AccountRow): MultiFactorStatus {
  const status: MultiFactorStatus = {};
  if (isMfaActive(account)) status.totp_mfa = true;
  if (account.mfa.recoveryCodes.length > 0) status.recovery_active = true;
  return status;
}
