import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { requireSession } from '@ermine/http/auth';
import { dataEditSession } from '@ermine/models/session';
import { renameSession } from '@ermine/core/sessions/session-edit';
import { presentSessionInfo } from '@ermine/core/sessions/session.presenter';
import type { ApiDeps } from '../../../deps';

/** `PATCH /auth/session/{id} {friendly_name}` → `{_id, name}`. */
export function sessionEditRoute(app: Hono, deps: ApiDeps): void {
  app.patch('/auth/session/:id', async (c) => {
    const { session } = await requireSession(c, deps);
    const { friendly_name } = await parseBody(c, dataEditSession);
    const renamed = await renameSession(deps, session, c.req.param('id'), friendly_name);
    return c.json(presentSessionInfo(renamed));
  });
}
