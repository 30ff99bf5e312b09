import type { DeleteAllSessionsEvent } from '@ermine/models/events/auth-events';
import type { CoreDeps } from '../deps';

/**
 * Deletes every session of the user except `exceptId` (null: all of them) and publishes
 * `DeleteAllSessions` on the user's topic.
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
  await deps.bus.publish(userId, event);
}
