import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { optionalMfaTicket, requireSession } from '@ermine/http/auth';
import { dataChangePassword } from '@ermine/models/account';
import { changePassword } from '@ermine/core/accounts/account-change-password';
import type { ApiDeps } from '../../../deps';

/** `PATCH /auth/account/change/password {password, current_password}` → 204. */
export function accountChangePasswordRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/auth/account/change/password', async (c) => {
    const { account } = await requireSession(c, deps);
    const data = await parseBody(c, dataChangePassword);
    const ticket = await optionalMfaTicket(c, deps, account.id);
    await changePassword(deps, account, {
      password: data.password,
      currentPassword: data.current_password,
      withTicket: ticket !== null,
    });
    return c.body(null, 204);
  });
}
