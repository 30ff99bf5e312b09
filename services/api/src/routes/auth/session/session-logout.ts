import type { Hono } from 'hono';
import { requireSession } from '@ermine/http/auth';
import { endSession } from '@ermine/core/sessions/session-delete';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/session/logout` → 204: ends the calling session. */
export function sessionLogoutRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/session/logout', async (c) => {
    const { session } = await requireSession(c, deps);
    await endSession(deps, session);
    return c.body(null, 204);
  });
}
