import type { Hono } from 'hono';
import { requireSession } from '@ermine/http/auth';
import { listSessions } from '@ermine/core/sessions/session-list';
import { presentSessionInfo } from '@ermine/core/sessions/session.presenter';
import type { ApiDeps } from '../../../deps';

/** `GET /auth/session/all` → `[{_id, name}]`. */
export function sessionListRoute(app: Hono, deps: ApiDeps): void {
  app.get('/auth/session/all', async (c) => {
    const { session } = await requireSession(c, deps);
    const sessions = await listSessions(deps, session.userId);
    return c.json(sessions.map(presentSessionInfo));
  });
}
