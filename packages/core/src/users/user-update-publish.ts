import type { UserRow } from '@ermine/database';
import type { UserUpdateEvent } from '@ermine/models/events/user-events';
import { newId } from '@ermine/models/ids';
import type { FieldsUser, PartialUser } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { publishEvent } from '../events/publish';
import { isConnected } from './presence';

/** The ports publishing a user update needs. */
export type PublishDeps = Pick<CoreDeps, 'db' | 'bus' | 'cache'>;

/**
 * What users other than the user themselves receive: an Invisible presence is never revealed
 * (it reads as going offline), and leaving Invisible reads as coming back online.
 */
async function forOthers(
  deps: PublishDeps,
  before: UserRow,
  after: UserRow,
  event: UserUpdateEvent,
): Promise<UserUpdateEvent> {
  const wasInvisible = before.status?.presence === 'Invisible';
  const isInvisible = after.status?.presence === 'Invisible';
  if (!wasInvisible && !isInvisible) return event;
  const data: PartialUser = { ...event.data };
  let clear = event.clear;
  if (data.status) {
    const { presence: _hidden, ...rest } = data.status;
    if (isInvisible) data.status = rest;
    if (data.status && Object.keys(data.status).length === 0) delete data.status;
  }
  if (isInvisible && !wasInvisible) {
    data.online = false;
    if (!clear.includes('StatusPresence')) clear = [...clear, 'StatusPresence'];
  }
  if (wasInvisible && !isInvisible) data.online = await isConnected(deps.cache, after.id);
  return { ...event, data, clear };
}

/** Strips what users without ViewProfile (pending requests, blocks) may not see. */
function withoutPresence(event: UserUpdateEvent): UserUpdateEvent {
  const { status: _status, online: _online, ...data } = event.data;
  const clear = event.clear.filter((f) => f !== 'StatusText' && f !== 'StatusPresence');
  return { ...event, data, clear };
}

function isEmpty(event: UserUpdateEvent): boolean {
  return Object.keys(event.data).length === 0 && event.clear.length === 0;
}

/**
 * Publishes `UserUpdate` for a changed user: the full change to the user themself, and to
 * every user related to them (friends see presence; pending requests and blocks
 * do not). `before`/`after` are the row around the change.
 */
export async function publishUserUpdate(
  deps: PublishDeps,
  before: UserRow,
  after: UserRow,
  data: PartialUser,
  clear: FieldsUser[],
): Promise<void> {
  const event: UserUpdateEvent = {
    type: 'UserUpdate',
    id: after.id,
    data,
    clear,
    event_id: newId(),
  };
  const [others, relations] = await Promise.all([
    forOthers(deps, before, after, event),
    deps.db.relationships.list(after.id),
  ]);
  const hidden = withoutPresence(others);
  const sends = [publishEvent(deps, { user: after.id }, event)];
  for (const relation of relations) {
    const payload = relation.status === 'Friend' ? others : hidden;
    if (!isEmpty(payload)) sends.push(publishEvent(deps, { user: relation.id }, payload));
  }
  await Promise.all(sends);
}
