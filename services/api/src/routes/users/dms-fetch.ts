import type { Hono } from 'hono';
import { requireUser } from '@ermine/http/auth';
import type { ApiDeps } from '../../deps';

/** `GET /users/dms` → your DM, group and saved-messages channels (none exist yet: `[]`). */
export function dmsFetchRoute(app: Hono, deps: ApiDeps): void {
  app.get('/users/dms', async (c) => {
    await requireUser(c, deps);
    return c.json([]);
  });
}
