import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { accountRateLimit } from '@ermine/http/ratelimit';
import { dataResendVerification } from '@ermine/models/account';
import { resendVerification } from '@ermine/core/accounts/account-reverify';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/reverify` → 204 whether or not the address is registered. */
export function accountReverifyRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/reverify', async (c) => {
    const data = await parseBody(c, dataResendVerification);
    const limited = await accountRateLimit(c, deps, { email: data.email });
    if (limited) return limited;
    await resendVerification(deps, data);
    return c.body(null, 204);
  });
}
