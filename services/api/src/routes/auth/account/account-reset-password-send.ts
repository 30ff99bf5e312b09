import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { dataSendPasswordReset } from '@ermine/models/account';
import { sendPasswordReset } from '@ermine/core/accounts/account-reset-password';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/reset_password {email}` → 204 whether or not the address is registered. */
export function accountResetPasswordSendRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/reset_password', async (c) => {
    await sendPasswordReset(deps, await parseBody(c, dataSendPasswordReset));
    return c.body(null, 204);
  });
}
