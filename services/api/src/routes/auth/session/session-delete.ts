import type { Hono } from 'hono';
import { optionalMfaTicket, requireSession } from '@ermine/http/auth';
import { revokeSession } from '@ermine/core/sessions/session-delete';
import type { ApiDeps } from '../../../deps';

/**
 * `DELETE /auth/session/{id}` → 204. A validated MFA ticket is used when sent but not required
 * (stoat.js sends none).
 */
export function sessionDeleteRoute(app: Hono, deps: ApiDeps): void {
  app.delete('/auth/session/:id', async (c) => {
    const { session } = await requireSession(c, deps);
    await optionalMfaTicket(c, deps, session.userId);
    await revokeSession(deps, session, c.req.param('id'));
    return c.body(null, 204);
  });
}
