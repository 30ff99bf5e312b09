import type { Context, Hono } from 'hono';
import { requireSession } from '@ermine/http/auth';
import { presentAccountInfo } from '@ermine/core/accounts/account.presenter';
import type { ApiDeps } from '../../../deps';

/** `GET /auth/account/` (trailing slash optional) → `{_id, email}`. */
export function accountFetchRoute(app: Hono, deps: ApiDeps): void {
  const handler = async (c: Context) => {
    const { account } = await requireSession(c, deps);
    return c.json(presentAccountInfo(account));
  };
  app.get('/auth/account/', handler);
  app.get('/auth/account', handler);
}
