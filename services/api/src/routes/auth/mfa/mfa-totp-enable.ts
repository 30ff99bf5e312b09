import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { requireSession } from '@ermine/http/auth';
import { mfaResponse } from '@ermine/models/mfa';
import { enableTotp } from '@ermine/core/mfa/mfa-totp';
import type { ApiDeps } from '../../../deps';

/** `PUT /auth/mfa/totp {totp_code}` → 204 once the code matches the pending secret. */
export function mfaTotpEnableRoute(app: Hono, deps: ApiDeps): void {
  app.put('/auth/mfa/totp', async (c) => {
    const { account } = await requireSession(c, deps);
    await enableTotp(deps, account, await parseBody(c, mfaResponse));
    return c.body(null, 204);
  });
}
