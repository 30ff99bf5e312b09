import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { unblockUser } from '@ermine/core/relationships/user-block';
import type { ApiDeps } from '../../deps';

/** `DELETE /users/{target}/block` → the target user. */
export function userUnblockRoute(app: Hono, deps: ApiDeps): void {
  app.delete('/users/:target/block', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await unblockUser(deps, user, c.req.param('target')));
  });
}
