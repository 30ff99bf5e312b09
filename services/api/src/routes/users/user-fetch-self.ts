import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { fetchSelf } from '@ermine/core/users/user-fetch';
import type { ApiDeps } from '../../deps';

/** `GET /users/@me` → your own user (self view). */
export function userFetchSelfRoute(app: Hono, deps: ApiDeps): void {
  app.get('/users/@me', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await fetchSelf(deps, user));
  });
}
