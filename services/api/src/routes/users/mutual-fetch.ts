import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { fetchMutual } from '@ermine/core/users/mutual-fetch';
import type { ApiDeps } from '../../deps';

/** `GET /users/{target}/mutual` → `{users, servers, channels}` shared with the target. */
export function mutualFetchRoute(app: Hono, deps: ApiDeps): void {
  app.get('/users/:target/mutual', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await fetchMutual(deps, user, c.req.param('target')));
  });
}
