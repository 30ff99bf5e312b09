import type { SessionRow } from '@ermine/database';
import type { CoreDeps } from '../deps';
import { hashToken } from '../auth/tokens';

/** `last_seen` is written at most this often per session. */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

/**
 * The session a token belongs to, or null. Looked up by the token's hash on every call, so a
 * deleted session stops working at once. Refreshes `lastSeen` when it is a minute old.
 */
export async function authenticateSession(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  token: string,
): Promise<SessionRow | null> {
  if (token.length === 0 || token.length > 128) return null;
  const session = await deps.db.sessions.findByTokenHash(hashToken(token));
  if (!session) return null;
  const now = deps.clock.now();
  if (now - session.lastSeen < LAST_SEEN_WRITE_INTERVAL_MS) return session;
  await deps.db.sessions.update(session.id, { lastSeen: now });
  return { ...session, lastSeen: now };
}
