import type { Context, Hono } from 'hono';
import { requireSession } from '@ermine/http/auth';
import { presentMfaStatus } from '@ermine/core/mfa/mfa.presenter';
import type { ApiDeps } from '../../../deps';

/** `GET /auth/mfa/` (trailing slash optional) → `MultiFactorStatus`. */
export function mfaStatusRoute(app: Hono, deps: ApiDeps): void {
  const handler = async (c: Context) => {
    const { account } = await requireSession(c, deps);
    return c.json(presentMfaStatus(account));
  };
  app.get('/auth/mfa/', handler);
  app.get('/auth/mfa', handler);
}
