import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { accountRateLimit } from '@ermine/http/ratelimit';
import { dataCreateAccount } from '@ermine/models/account';
import { createAccount } from '@ermine/core/accounts/account-create';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/account/create` → 204 (also for an address that is already registered). */
export function accountCreateRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/account/create', async (c) => {
    const data = await parseBody(c, dataCreateAccount);
    const limited = await accountRateLimit(c, deps, { email: data.email });
    if (limited) return limited;
    await createAccount(deps, data);
    return c.body(null, 204);
  });
}
