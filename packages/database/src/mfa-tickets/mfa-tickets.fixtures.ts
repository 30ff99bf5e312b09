import { ulid } from 'ulid';
import { randomHex } from '../fixtures';
import type { MfaTicketRow } from './mfa-tickets.store';

/** A fresh, unvalidated MFA ticket of `accountId` (test row builder). */
export function mfaTicketRow(
  accountId: string,
  overrides: Partial<MfaTicketRow> = {},
): MfaTicketRow {
  return {
    id: ulid(),
    accountId,
    tokenHash: randomHex(32),
    validated: false,
    authorised: false,
    lastTotpCode: null,
    createdAt: Date.now(),
    ...overrides,
  };
}
