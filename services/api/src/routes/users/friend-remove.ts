import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { removeFriend } from '@ermine/core/relationships/friend-remove';
import type { ApiDeps } from '../../deps';

/** `DELETE /users/{target}/friend` → removes a friend or a pending request; the target user. */
export function friendRemoveRoute(app: Hono, deps: ApiDeps): void {
  app.delete('/users/:target/friend', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await removeFriend(deps, user, c.req.param('target')));
  });
}
