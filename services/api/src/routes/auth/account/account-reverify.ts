import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { dataResendVerification } from '@ermine/models/account';
import { resendVerification } from '@ermine/core/accounts/account-reverify';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/reverify` → 204 whether or not the address is registered. */
export function accountReverifyRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/reverify', async (c) => {
    await resendVerification(deps, await parseBody(c, dataResendVerification));
    return c.body(null, 204);
  });
}
