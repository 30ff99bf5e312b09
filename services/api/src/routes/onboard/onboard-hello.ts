import type { Hono } from 'hono';
import { requireSession } from '@ermine/http/auth';
import { onboardingStatus } from '@ermine/core/onboarding/onboard-hello';
import type { ApiDeps } from '../../deps';

/** `GET /onboard/hello` (session): `{onboarding}` is true until the account has a user. */
export function onboardHelloRoute(app: Hono, deps: ApiDeps): void {
  app.get('/onboard/hello', async (c) => {
    const { account } = await requireSession(c, deps);
    return c.json(await onboardingStatus(deps, account.id));
  });
}
