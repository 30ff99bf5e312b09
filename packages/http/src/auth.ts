import type { Context } from 'hono';
import type { AccountRow, MfaTicketRow, SessionRow, UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '@ermine/core';
import { authenticateSession } from '@ermine/core/sessions/session-authenticate';
import { claimValidatedTicket } from '@ermine/core/mfa/mfa-ticket';

declare module 'hono' {
  interface ContextVariableMap {
    /** The session of this request's `X-Session-Token` (null: unknown), looked up once. */
    ermineSession: SessionRow | null;
  }
}

/** A logged-in request: its session and account. */
export interface SessionAuth {
  session: SessionRow;
  account: AccountRow;
}

/** A request acting as a user: a person's session, or (later) a bot with no session. */
export interface UserAuth {
  user: UserRow;
  session: SessionRow | null;
}

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
  const session = await sessionOf(c, deps);
  if (session === undefined) throw fail('MissingHeaders', {}, 401);
  if (session === null) throw fail('InvalidSession');
  const account = await deps.db.accounts.findById(session.userId);
  if (!account) throw fail('InvalidSession');
  return { session, account };
}

/** The session guard where logging in is optional: a missing or unknown token gives null. */
export async function optionalSession(c: Context, deps: CoreDeps): Promise<SessionAuth | null> {
  const session = await sessionOf(c, deps);
  if (!session) return null;
  const account = await deps.db.accounts.findById(session.userId);
  return account ? { session, account } : null;
}

/**
 * Stoat's user guard: the session's user. Any failure (no token, unknown token, an account
 * not onboarded yet) → 401 `InvalidSession`. `X-Bot-Token` wins over the session header, and
 * is refused until bots exist.
 */
export async function requireUser(c: Context, deps: CoreDeps): Promise<UserAuth> {
  if (c.req.header('x-bot-token') !== undefined) throw fail('InvalidSession');
  const session = await sessionOf(c, deps);
  if (!session) throw fail('InvalidSession');
  const user = await deps.db.users.findById(session.userId);
  if (!user) throw fail('InvalidSession');
  return { user, session };
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
