import type { Hono } from 'hono';
import { requireMfaTicket, requireSession } from '@ermine/http/auth';
import { requestAccountDeletion } from '@ermine/core/accounts/account-delete';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/delete` (session + validated MFA ticket) → 204. */
export function accountDeleteRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/delete', async (c) => {
    const { account } = await requireSession(c, deps);
    await requireMfaTicket(c, deps, account.id);
    await requestAccountDeletion(deps, account);
    return c.body(null, 204);
  });
}
