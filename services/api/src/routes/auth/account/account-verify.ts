import type { Hono } from 'hono';
import { verifyEmail } from '@ermine/core/accounts/account-verify';
import { presentMfaTicket } from '@ermine/core/mfa/mfa.presenter';
import type { ApiDeps } from '../../../deps';

/**
 * `POST /auth/account/verify/{code}` → `{ticket}` (a new account; the ticket logs in once) or
 * `null` (an e-mail change).
 */
export function accountVerifyRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/verify/:code', async (c) => {
    const issued = await verifyEmail(deps, c.req.param('code'));
    if (!issued) return c.json(null);
    return c.json({ ticket: presentMfaTicket(issued.row, issued.token) });
  });
}
