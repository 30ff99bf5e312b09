import type { Hono } from 'hono';
import { requireMfaTicket, requireSession } from '@ermine/http/auth';
import { disableAccount } from '@ermine/core/accounts/account-disable';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/disable` (session + validated MFA ticket) → 204; every session ends. */
export function accountDisableRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/disable', async (c) => {
    const { account } = await requireSession(c, deps);
    await requireMfaTicket(c, deps, account.id);
    await disableAccount(deps, account.id);
    return c.body(null, 204);
  });
}
