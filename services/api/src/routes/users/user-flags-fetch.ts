import type { Hono } from 'hono';
import { fetchUserFlags } from '@ermine/core/users/user-fetch';
import type { ApiDeps } from '../../deps';

/** `GET /users/{target}/flags` (no auth) → `{flags}`, 0 for unknown users. */
export function userFlagsFetchRoute(app: Hono, deps: ApiDeps): void {
  app.get('/users/:target/flags', async (c) => {
    return c.json(await fetchUserFlags(deps, c.req.param('target')));
  });
}
