import type { Hono } from 'hono';
import { requireMfaTicket, requireSession } from '@ermine/http/auth';
import { disableTotp } from '@ermine/core/mfa/mfa-totp';
import type { ApiDeps } from '../../../deps';

/** `DELETE /auth/mfa/totp` (session + validated MFA ticket) → 204. */
export function mfaTotpDisableRoute(app: Hono, deps: ApiDeps): void {
  app.delete('/auth/mfa/totp', async (c) => {
    const { account } = await requireSession(c, deps);
    await requireMfaTicket(c, deps, account.id);
    await disableTotp(deps, account);
    return c.body(null, 204);
  });
}
