import type { UserRow } from '@ermine/database';
import type { User } from '@ermine/models/user';
import { resolveUserTarget } from '../users/user-fetch';
import { applyRelationshipAction, type RelationshipDeps } from './relationship-apply';

/** `DELETE /users/{target}/friend`: removes a friend, or cancels/denies a request. */
export async function removeFriend(
  deps: RelationshipDeps,
  actor: UserRow,
  target: string,
): Promise<User> {
  return applyRelationshipAction(
    deps,
    actor,
    await resolveUserTarget(deps, actor, target),
    'remove',
  );
}
