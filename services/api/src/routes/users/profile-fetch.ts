import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import { fetchProfile } from '@ermine/core/users/user-profile';
import type { ApiDeps } from '../../deps';

/** `GET /users/{target}/profile` → `{content?, background?}` (ViewProfile unless yourself). */
export function profileFetchRoute(app: Hono, deps: ApiDeps): void {
  app.get('/users/:target/profile', async (c) => {
    const { user } = await requireUser(c, deps);
    return c.json(await fetchProfile(deps, user, c.req.param('target')));
  });
}
