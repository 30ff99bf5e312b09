import type { DeleteAllSessionsEvent } from '@ermine/models/events/auth-events';
import type { CoreDeps } from '../deps';
import { publishEvent } from '../events/publish';

/**
 * Deletes every session of the user except `exceptId` (null: all of them) and publishes
 * `DeleteAllSessions` to the user's private audience.
 */
export async function endAllSessions(
  deps: CoreDeps,
  userId: string,
  exceptId: string | null,
): Promise<void> {
  await deps.db.sessions.deleteByUser(userId, exceptId === null ? {} : { exceptId });
  const event: DeleteAllSessionsEvent = {
    type: 'DeleteAllSessions',
    user_id: userId,
    exclude_session_id: exceptId,
  };
  await publishEvent(deps, { private: userId }, event);
}
