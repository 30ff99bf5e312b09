import type { UserRow } from '@ermine/database';
import type { User } from '@ermine/models/user';
import { resolveUserTarget } from '../users/user-fetch';
import { applyRelationshipAction, type RelationshipDeps } from './relationship-apply';

/** `PUT /users/{target}/block`. */
export async function blockUser(
  deps: RelationshipDeps,
  actor: UserRow,
  target: string,
): Promise<User> {
  return applyRelationshipAction(
    deps,
    actor,
    await resolveUserTarget(deps, actor, target),
    'block',
  );
}

/** `DELETE /users/{target}/block`. */
export async function unblockUser(
  deps: RelationshipDeps,
  actor: UserRow,
  target: string,
): Promise<User> {
  const user = await resolveUserTarget(deps, actor, target);
  return applyRelationshipAction(deps, actor, user, 'unblock');
}
