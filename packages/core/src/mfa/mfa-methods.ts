import type { AccountRow } from '@ermine/database';
import type { MFAMethod } from '@ermine/models/mfa';

/** True when TOTP is enabled, which makes a second factor required. */
export function isMfaActive(account: AccountRow): boolean {
  return account.mfa.totp?.status === 'Enabled';
}

/**
 * The methods that can answer an MFA challenge: `["Totp"]` (plus `"Recovery"` while codes
 * remain) with TOTP on, else `["Password"]`.
 */
export function mfaMethods(account: AccountRow): MFAMethod[] {
  if (!isMfaActive(account)) return ['Password'];
  return account.mfa.recoveryCodes.length > 0 ? ['Totp', 'Recovery'] : ['Totp'];
}
