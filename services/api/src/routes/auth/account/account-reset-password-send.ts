import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { accountRateLimit } from '@ermine/http/ratelimit';
import { dataSendPasswordReset } from '@ermine/models/account';
import { sendPasswordReset } from '@ermine/core/accounts/account-reset-password';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/reset_password {email}` → 204 whether or not the address is registered. */
export function accountResetPasswordSendRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/reset_password', async (c) => {
    const data = await parseBody(c, dataSendPasswordReset);
    const limited = await accountRateLimit(c, deps, { email: data.email });
    if (limited) return limited;
    await sendPasswordReset(deps, data);
    return c.body(null, 204);
  });
}
