import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { optionalMfaTicket, requireSession } from '@ermine/http/auth';
import { dataChangeEmail } from '@ermine/models/account';
import { changeEmail } from '@ermine/core/accounts/account-change-email';
import type { ApiDeps } from '../../../deps';

/** `PATCH /auth/account/change/email {email, current_password}` → 204. */
export function accountChangeEmailRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/auth/account/change/email', async (c) => {
    const { account } = await requireSession(c, deps);
    const data = await parseBody(c, dataChangeEmail);
    const ticket = await optionalMfaTicket(c, deps, account.id);
    await changeEmail(deps, account, {
      email: data.email,
      currentPassword: data.current_password,
      withTicket: ticket !== null,
    });
    return c.body(null, 204);
  });
}
