import type { AccountRow } from '@ermine/database';
import type { AccountInfo } from '@ermine/models/account';

/** An account as Stoat's `AccountInfo` (`{_id, email}`). */
export function presentAccountInfo(account: AccountRow): AccountInfo {
  return { _id: account.id, email: account.email };
}
