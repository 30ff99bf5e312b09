import type { Context } from 'hono';
import type { MfaTicketRow, SessionRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '@ermine/core';
import {
  accountOfSession,
  authenticateUserToken,
  userOfSession,
  type SessionAuth,
  type UserAuth,
} from '@ermine/core/auth/authenticate';
import { authenticateSession } from '@ermine/core/sessions/session-authenticate';
import { claimValidatedTicket } from '@ermine/core/mfa/mfa-ticket';

declare module 'hono' {
  interface ContextVariableMap {
    /** The session of this request's `X-Session-Token` (null: unknown), looked up once. */
    ermineSession: SessionRow | null;
  }
}

export type { SessionAuth, UserAuth } from '@ermine/core/auth/authenticate';

// The token is resolved once per request; the rate limiter and the route share the answer.
async function sessionOf(c: Context, deps: CoreDeps): Promise<SessionRow | null | undefined> {
  const token = c.req.header('x-session-token');
  if (token === undefined) return undefined;
  const known = c.get('ermineSession');
  if (known !== undefined) return known;
  const session = await authenticateSession(deps, token);
  c.set('ermineSession', session);
  return session;
}

/**
 * Stoat's session guard (no bot tokens): `X-Session-Token` missing → 401 `MissingHeaders`,
 * unknown → 401 `InvalidSession`.
 */
export async function requireSession(c: Context, deps: CoreDeps): Promise<SessionAuth> {
  return accountOfSession(deps, await sessionOf(c, deps));
}

/** The session guard where logging in is optional: a missing or unknown token gives null. */
export async function optionalSession(c: Context, deps: CoreDeps): Promise<SessionAuth | null> {
  const session = await sessionOf(c, deps);
  if (!session) return null;
  const account = await deps.db.accounts.findById(session.userId);
  return account ? { session, account } : null;
}

/**
 * Stoat's user guard over `X-Session-Token` / `X-Bot-Token` (see `authenticateUserToken`):
 * any failure → 401 `InvalidSession`.
 */
export async function requireUser(c: Context, deps: CoreDeps): Promise<UserAuth> {
  const botToken = c.req.header('x-bot-token');
  if (botToken !== undefined) return authenticateUserToken(deps, { botToken });
  return userOfSession(deps, (await sessionOf(c, deps)) ?? null);
}

/** The id of the request's valid session, or null (rate-limit identity). */
export async function optionalSessionId(c: Context, deps: CoreDeps): Promise<string | null> {
  return (await sessionOf(c, deps))?.id ?? null;
}

/**
 * Stoat's validated-ticket guard: consumes the `X-MFA-Ticket` of `accountId`. Missing → 401
 * `MissingHeaders`; unknown, expired or another account's → 401 `InvalidToken`; not validated
 * or already used → 403 `InvalidToken`.
 */
export async function requireMfaTicket(
  c: Context,
  deps: CoreDeps,
  accountId: string,
): Promise<MfaTicketRow> {
  const token = c.req.header('x-mfa-ticket');
  if (token === undefined) throw fail('MissingHeaders', {}, 401);
  return claimValidatedTicket(deps, token, accountId);
}

/** Like `requireMfaTicket` where the ticket is optional: consumes a valid one, else null. */
export async function optionalMfaTicket(
  c: Context,
  deps: CoreDeps,
  accountId: string,
): Promise<MfaTicketRow | null> {
  const token = c.req.header('x-mfa-ticket');
  if (token === undefined) return null;
  try {
    return await claimValidatedTicket(deps, token, accountId);
  } catch {
    return null;
  }
}
