import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { accountRateLimit } from '@ermine/http/ratelimit';
import { optionalSession } from '@ermine/http/auth';
import { mfaResponse } from '@ermine/models/mfa';
import { createValidatedTicket } from '@ermine/core/mfa/mfa-ticket-create';
import { presentMfaTicket } from '@ermine/core/mfa/mfa.presenter';
import type { ApiDeps } from '../../../deps';

/**
 * `PUT /auth/mfa/ticket` (`MFAResponse`) → a validated `MFATicket`. Authenticated by a session
 * or by an unvalidated ticket in `X-MFA-Ticket`, not both.
 */
export function mfaTicketCreateRoute(app: Hono, deps: ApiDeps): void {
  app.put('/auth/mfa/ticket', async (c) => {
    const response = await parseBody(c, mfaResponse);
    const auth = await optionalSession(c, deps);
    if (auth) {
      const limited = await accountRateLimit(c, deps, { accountId: auth.account.id });
      if (limited) return limited;
    }
    const issued = await createValidatedTicket(
      deps,
      { account: auth?.account ?? null, ticketToken: c.req.header('x-mfa-ticket') ?? null },
      response,
    );
    return c.json(presentMfaTicket(issued.row, issued.token));
  });
}
