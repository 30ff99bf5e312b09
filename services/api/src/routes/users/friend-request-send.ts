import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { requireUser } from '@ermine/http/auth';
import { sendFriendRequest } from '@ermine/core/relationships/friend-add';
import { DataSendFriendRequest } from '@ermine/models/user';
import type { ApiDeps } from '../../deps';

/** `POST /users/friend` `{username: "name#1234"}` → the target user. */
export function friendRequestSendRoute(app: Hono, deps: ApiDeps): void {
  app.post('/users/friend', async (c) => {
    const { user } = await requireUser(c, deps);
    const data = await parseBody(c, DataSendFriendRequest);
    return c.json(await sendFriendRequest(deps, user, data.username));
  });
}
