import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { dataLogin } from '@ermine/models/session';
import { login } from '@ermine/core/sessions/session-login';
import { presentLoginOutcome } from '@ermine/core/sessions/session.presenter';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/session/login` (`DataLogin`) → `ResponseLogin`. */
export function sessionLoginRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/session/login', async (c) => {
    const outcome = await login(deps, await parseBody(c, dataLogin));
    return c.json(presentLoginOutcome(outcome));
  });
}
