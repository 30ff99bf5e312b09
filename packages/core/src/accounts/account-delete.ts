import type { AccountRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { emailEnabled } from '../auth/mailer';
import { hashToken } from '../auth/tokens';
import { disableAccount } from './account-disable';
import { startDeletionConfirmation } from './account-email';

/** A scheduled deletion happens this long after it was confirmed. */
export const DELETION_DELAY_MS = 7 * 24 * 60 * 60_000;

/** Schedules the account's deletion a week from now, disables it and ends its sessions. */
export async function scheduleDeletion(deps: CoreDeps, accountId: string): Promise<void> {
  const after = deps.clock.now() + DELETION_DELAY_MS;
  await deps.db.accounts.update(accountId, { deletion: { status: 'Scheduled', after } });
  await disableAccount(deps, accountId);
}

/**
 * `POST /auth/account/delete`: with SMTP, e-mails a confirmation link; without SMTP, schedules
 * the deletion at once.
 */
export async function requestAccountDeletion(deps: CoreDeps, account: AccountRow): Promise<void> {
  if (!emailEnabled(deps.config)) return scheduleDeletion(deps, account.id);
  await startDeletionConfirmation(deps, account);
}

/** `PUT /auth/account/delete`: confirms with the e-mailed code; unknown or expired → 401 `InvalidToken`. */
export async function confirmAccountDeletion(deps: CoreDeps, token: string): Promise<void> {
  const account =
    token === '' ? null : await deps.db.accounts.findByDeletionToken(hashToken(token));
  const deletion = account?.deletion;
  if (!account || deletion?.status !== 'WaitingForVerification') throw fail('InvalidToken');
  if (deletion.expiry < deps.clock.now()) throw fail('InvalidToken');
  await scheduleDeletion(deps, account.id);
}
