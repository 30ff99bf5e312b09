import type { AccountRow, SessionRow, UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { authenticateSession } from '../sessions/session-authenticate';

/** The ports authenticating a token needs. */
export type AuthenticateDeps = Pick<CoreDeps, 'db' | 'clock'>;

/** The tokens a request or socket presents: a person's session token or a bot token. */
export interface UserTokens {
  sessionToken?: string;
  botToken?: string;
}

/** Who is acting: a user, with the session of a person (a bot has none). */
export interface UserAuth {
  user: UserRow;
  session: SessionRow | null;
}

/** A logged-in session and its account (the account may have no user yet). */
export interface SessionAuth {
  session: SessionRow;
  account: AccountRow;
}

/**
 * The user of an already looked-up session (`authenticateSession`'s answer); null or a session
 * whose account has no user yet (not onboarded) → `InvalidSession`.
 */
export async function userOfSession(
  deps: AuthenticateDeps,
  session: SessionRow | null,
): Promise<UserAuth> {
  if (!session) throw fail('InvalidSession');
  const user = await deps.db.users.findById(session.userId);
  if (!user) throw fail('InvalidSession');
  return { user, session };
}

/**
 * Stoat's user authentication, for HTTP routes and the events socket alike: a bot token wins
 * over a session token and is refused until bots exist; a missing or unknown session token, or
 * an account not onboarded yet → `InvalidSession`.
 */
export async function authenticateUserToken(
  deps: AuthenticateDeps,
  tokens: UserTokens,
): Promise<UserAuth> {
  if (tokens.botToken !== undefined) throw fail('InvalidSession');
  if (tokens.sessionToken === undefined) throw fail('InvalidSession');
  return userOfSession(deps, await authenticateSession(deps, tokens.sessionToken));
}

/**
 * The events socket's one token (`?token=` or `Authenticate`), which may be either kind: tried
 * as a session token first, then as a bot token, with `authenticateUserToken`'s answers.
 */
export async function authenticateAnyToken(
  deps: AuthenticateDeps,
  token: string,
): Promise<UserAuth> {
  const session = await authenticateSession(deps, token);
  if (session) return userOfSession(deps, session);
  return authenticateUserToken(deps, { botToken: token });
}

/**
 * The session and account of an already looked-up session token: no token (undefined) →
 * 401 `MissingHeaders`; unknown token (null) or a vanished account → `InvalidSession`.
 */
export async function accountOfSession(
  deps: AuthenticateDeps,
  session: SessionRow | null | undefined,
): Promise<SessionAuth> {
  if (session === undefined) throw fail('MissingHeaders', {}, 401);
  if (session === null) throw fail('InvalidSession');
  const account = await deps.db.accounts.findById(session.userId);
  if (!account) throw fail('InvalidSession');
  return { session, account };
}

/** Stoat's session authentication (no bot tokens), as `accountOfSession` describes. */
export async function authenticateSessionToken(
  deps: AuthenticateDeps,
  sessionToken: string | undefined,
): Promise<SessionAuth> {
  const session =
    sessionToken === undefined ? undefined : await authenticateSession(deps, sessionToken);
  return accountOfSession(deps, session);
}
