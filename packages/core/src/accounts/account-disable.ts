import type { CoreDeps } from '../deps';
import { endAllSessions } from '../sessions/session-delete-all';

/** `POST /auth/account/disable`: marks the account disabled and ends all of its sessions. */
export async function disableAccount(deps: CoreDeps, accountId: string): Promise<void> {
  await deps.db.accounts.update(accountId, { disabled: true });
  await endAllSessions(deps, accountId, null);
}
