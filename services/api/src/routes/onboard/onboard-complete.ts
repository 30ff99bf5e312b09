import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { requireSession } from '@ermine/http/auth';
import { completeOnboarding } from '@ermine/core/onboarding/onboard-complete';
import { DataOnboard } from '@ermine/models/user';
import type { ApiDeps } from '../../deps';

/** `POST /onboard/complete` (session) `{username}` → the new user's self view. */
export function onboardCompleteRoute(app: Hono, deps: ApiDeps): void {
  app.post('/onboard/complete', async (c) => {
    const { account } = await requireSession(c, deps);
    const data = await parseBody(c, DataOnboard);
    return c.json(await completeOnboarding(deps, account.id, data.username));
  });
}
