import type { Hono } from 'hono';
import { requireMfaTicket, requireSession } from '@ermine/http/auth';
import { listRecoveryCodes } from '@ermine/core/mfa/mfa-recovery';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/mfa/recovery` (session + validated MFA ticket) → the remaining codes. */
export function mfaRecoveryFetchRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/mfa/recovery', async (c) => {
    const { account } = await requireSession(c, deps);
    await requireMfaTicket(c, deps, account.id);
    return c.json(listRecoveryCodes(account));
  });
}
