import type { Hono } from 'hono';
import { parseWith } from '@ermine/http';
import { optionalMfaTicket, requireSession } from '@ermine/http/auth';
import { optionsRevokeAll } from '@ermine/models/session';
import { endAllSessions } from '@ermine/core/sessions/session-delete-all';
import type { ApiDeps } from '../../../deps';

/**
 * `DELETE /auth/session/all?revoke_self=bool` → 204. A validated MFA ticket is used when sent
 * but not required (stoat.js sends none).
 */
export function sessionDeleteAllRoute(app: Hono, deps: ApiDeps): void {
  app.delete('/auth/session/all', async (c) => {
    const { session } = await requireSession(c, deps);
    const query = parseWith(optionsRevokeAll, { revoke_self: c.req.query('revoke_self') });
    await optionalMfaTicket(c, deps, session.userId);
    const keep = query.revoke_self === 'true' ? null : session.id;
    await endAllSessions(deps, session.userId, keep);
    return c.body(null, 204);
  });
}
