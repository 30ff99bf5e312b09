import type { Hono } from 'hono';
import { requireMfaTicket, requireSession } from '@ermine/http/auth';
import { generateTotpSecret } from '@ermine/core/mfa/mfa-totp';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/mfa/totp` (session + validated MFA ticket) → `{secret}`. */
export function mfaTotpGenerateRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/mfa/totp', async (c) => {
    const { account } = await requireSession(c, deps);
    await requireMfaTicket(c, deps, account.id);
    return c.json({ secret: await generateTotpSecret(deps, account) });
  });
}
