import type { Hono } from 'hono';
import { requireMfaTicket, requireSession } from '@ermine/http/auth';
import { regenerateRecoveryCodes } from '@ermine/core/mfa/mfa-recovery';
import type { ApiDeps } from '../../../deps';

/** `PATCH /auth/mfa/recovery` (session + validated MFA ticket) → ten new codes. */
export function mfaRecoveryGenerateRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/auth/mfa/recovery', async (c) => {
    const { account } = await requireSession(c, deps);
    await requireMfaTicket(c, deps, account.id);
    return c.json(await regenerateRecoveryCodes(deps, account));
  });
}
