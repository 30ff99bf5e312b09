import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { blockUser } from '@ermine/core/relationships/user-block';
import type { ApiDeps } from '../../deps';

/** `PUT /users/{target}/block` → the target user. */
export function userBlockRoute(app: Hono, deps: ApiDeps): void {
  app.put('/users/:target/block', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await blockUser(deps, user, c.req.param('target')));
  });
}
