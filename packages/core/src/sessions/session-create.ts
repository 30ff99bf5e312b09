import type { SessionRow } from '@ermine/database';
import { newId } from '@ermine/models/ids';
import type { CoreDeps } from '../deps';
import { hashToken, newToken } from '../auth/tokens';

/** A stored session and its plain token (returned to the client once, at login). */
export interface IssuedSession {
  row: SessionRow;
  token: string;
}

/** Creates a session for the account; only the token's hash is stored. */
export async function createSession(
  deps: CoreDeps,
  accountId: string,
  name: string,
): Promise<IssuedSession> {
  const now = deps.clock.now();
  const token = newToken();
  const row: SessionRow = {
    id: newId(now),
    userId: accountId,
    tokenHash: hashToken(token),
    name,
    lastSeen: now,
    origin: deps.config.environment ?? null,
    subscription: null,
    createdAt: now,
  };
  await deps.db.sessions.create(row);
  return { row, token };
}
