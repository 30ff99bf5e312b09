import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { requireUser } from '@ermine/http/auth';
import { editUser } from '@ermine/core/users/user-edit';
import { DataEditUser } from '@ermine/models/user';
import type { ApiDeps } from '../../deps';

/** `PATCH /users/{target}` `DataEditUser` → the edited user's self view. */
export function userEditRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/users/:target', async (c) => {
    const { user } = await requireUser(c, deps);
    const data = await parseBody(c, DataEditUser);
    return c.json(await editUser(deps, user, c.req.param('target'), data));
  });
}
