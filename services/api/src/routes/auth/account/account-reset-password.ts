import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { dataPasswordReset } from '@ermine/models/account';
import { resetPassword } from '@ermine/core/accounts/account-reset-password';
import type { ApiDeps } from '../../../deps';

/** `PATCH /auth/account/reset_password {token, password, remove_sessions?}` → 204. */
export function accountResetPasswordRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/auth/account/reset_password', async (c) => {
    await resetPassword(deps, await parseBody(c, dataPasswordReset));
    return c.body(null, 204);
  });
}
