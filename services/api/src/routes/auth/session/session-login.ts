import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { dataLogin } from '@ermine/models/session';
import { login } from '@ermine/core/sessions/session-login';
import { presentLoginOutcome } from '@ermine/core/sessions/session.presenter';
import type { ApiDeps } from '../../../deps';

/**
 * `POST /auth/session/login` (`DataLogin`) → `ResponseLogin`. Guesses at one account are bounded
 * by the login lockout, not by a per-account rate limit that anyone could exhaust for its owner.
 */
export function sessionLoginRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/session/login', async (c) => {
    const data = await parseBody(c, dataLogin);
    const outcome = await login(deps, data);
    return c.json(presentLoginOutcome(outcome));
  });
}
