import type { RelationshipStatus as StoredStatus, UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { UserRelationshipEvent } from '@ermine/models/events/user-events';
import type { RelationshipStatus, User } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { publishEvent } from '../events/publish';
import { userLimits } from '../users/user-limits';
import { relationshipWith, viewUser } from '../users/user-view';
import { nextRelationship, type RelationshipAction } from './relationship-rules';

/** The ports a relationship change needs. */
export type RelationshipDeps = Pick<CoreDeps, 'db' | 'bus' | 'cache' | 'config' | 'clock'>;

function stored(status: RelationshipStatus): StoredStatus | null {
  return status === 'None' || status === 'User' ? null : status;
}

/** Refuses a new outgoing request beyond the actor's `outgoing_friend_requests` limit. */
async function assertRequestAllowed(
  deps: RelationshipDeps,
  tx: CoreDeps['db'],
  actor: UserRow,
): Promise<void> {
  const max = userLimits(deps.config, actor.id, deps.clock.now()).outgoing_friend_requests;
  const pending = await tx.relationships.countByStatus(actor.id, 'Outgoing');
  if (pending >= max) throw fail('TooManyPendingFriendRequests', { max });
}

/**
 * Applies one step of the relationship state machine between `actor` and `target`: both
 * sides are read and written in one transaction, then each user gets a `UserRelationship`
 * event showing the other as they now see them. Returns `target` as `actor` sees it.
 */
export async function applyRelationshipAction(
  deps: RelationshipDeps,
  actor: UserRow,
  target: UserRow,
  action: RelationshipAction,
): Promise<User> {
  // Every action on yourself is a no-op in Stoat's state machine.
  if (actor.id === target.id) throw fail('NoEffect');
  await deps.db.transaction(async (tx) => {
    const mine = await relationshipWith({ db: tx }, actor.id, target.id);
    const theirs = await relationshipWith({ db: tx }, target.id, actor.id);
    const change = nextRelationship(action, mine, theirs);
    if (action === 'add' && mine === 'None') await assertRequestAllowed(deps, tx, actor);
    await tx.relationships.setPair(actor.id, stored(change.mine), target.id, stored(change.theirs));
  });
  const [targetSees, actorSees] = await Promise.all([
    viewUser(deps, target, actor),
    viewUser(deps, actor, target),
  ]);
  const toTarget: UserRelationshipEvent = {
    type: 'UserRelationship',
    id: target.id,
    user: targetSees,
  };
  const toActor: UserRelationshipEvent = {
    type: 'UserRelationship',
    id: actor.id,
    user: actorSees,
  };
  await Promise.all([
    publishEvent(deps, { user: target.id }, toTarget),
    publishEvent(deps, { user: actor.id }, toActor),
  ]);
  return actorSees;
}
