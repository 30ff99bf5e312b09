import type { UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { User } from '@ermine/models/user';
import { resolveUserTarget } from '../users/user-fetch';
import { splitUsernameTag } from '../users/username';
import { applyRelationshipAction, type RelationshipDeps } from './relationship-apply';

async function befriend(deps: RelationshipDeps, actor: UserRow, target: UserRow): Promise<User> {
  if (actor.bot !== null || target.bot !== null) throw fail('IsBot');
  return applyRelationshipAction(deps, actor, target, 'add');
}

/** `PUT /users/{target}/friend`: accepts their request, or sends one. */
export async function addFriend(
  deps: RelationshipDeps,
  actor: UserRow,
  target: string,
): Promise<User> {
  return befriend(deps, actor, await resolveUserTarget(deps, actor, target));
}

/** `POST /users/friend`: sends (or accepts) a request by `name#discriminator`. */
export async function sendFriendRequest(
  deps: RelationshipDeps,
  actor: UserRow,
  tag: string,
): Promise<User> {
  const parts = splitUsernameTag(tag);
  if (!parts) throw fail('InvalidProperty');
  const target = await deps.db.users.findByUsername(parts.username, parts.discriminator);
  if (!target) throw fail('NotFound');
  return befriend(deps, actor, target);
}
