import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { addFriend } from '@ermine/core/relationships/friend-add';
import type { ApiDeps } from '../../deps';

/** `PUT /users/{target}/friend` → sends a friend request or accepts theirs; the target user. */
export function friendAddRoute(app: Hono, deps: ApiDeps): void {
  app.put('/users/:target/friend', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await addFriend(deps, user, c.req.param('target')));
  });
}
