import type { Hono } from 'hono';
import { requireSession } from '@ermine/http/auth';
import { mfaMethods } from '@ermine/core/mfa/mfa-methods';
import type { ApiDeps } from '../../../deps';

/** `GET /auth/mfa/methods` → `["Password"]` or `["Totp", "Recovery"?]`. */
export function mfaMethodsRoute(app: Hono, deps: ApiDeps): void {
  app.get('/auth/mfa/methods', async (c) => {
    const { account } = await requireSession(c, deps);
    return c.json(mfaMethods(account));
  });
}
