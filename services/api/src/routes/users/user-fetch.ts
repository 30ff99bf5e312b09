import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { fetchUser } from '@ermine/core/users/user-fetch';
import type { ApiDeps } from '../../deps';

/** `GET /users/{target}` → a user you hold Access towards (or yourself). */
export function userFetchRoute(app: Hono, deps: ApiDeps): void {
  app.get('/users/:target', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await fetchUser(deps, user, c.req.param('target')));
  });
}
