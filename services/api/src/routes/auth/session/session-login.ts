import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { accountRateLimit } from '@ermine/http/ratelimit';
import { dataLogin } from '@ermine/models/session';
import { login } from '@ermine/core/sessions/session-login';
import { presentLoginOutcome } from '@ermine/core/sessions/session.presenter';
import type { ApiDeps } from '../../../deps';

/** `POST /auth/session/login` (`DataLogin`) → `ResponseLogin`. */
export function sessionLoginRoute(app: Hono, deps: ApiDeps): void {
  app.post('/auth/session/login', async (c) => {
    const data = await parseBody(c, dataLogin);
    if ('email' in data) {
      const limited = await accountRateLimit(c, deps, { email: data.email });
      if (limited) return limited;
    }
    const outcome = await login(deps, data);
    return c.json(presentLoginOutcome(outcome));
  });
}
