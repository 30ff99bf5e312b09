import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { requireSession, requireUser } from '@ermine/http/auth';
import { changeUsername } from '@ermine/core/users/username-change';
import { DataChangeUsername } from '@ermine/models/user';
import type { ApiDeps } from '../../deps';

/** `PATCH /users/@me/username` `{username, password}` (a person's session, not a bot). */
export function usernameChangeRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/users/@me/username', async (c) => {
    await requireSession(c, deps);
    const { user } = await requireUser(c, deps);
    const data = await parseBody(c, DataChangeUsername);
    return c.json(await changeUsername(deps, user, data));
  });
}
