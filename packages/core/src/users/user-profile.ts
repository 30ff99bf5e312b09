import type { UserRow } from '@ermine/database';
import type { UserProfile } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { resolveUserTarget } from './user-fetch';
import { presentProfile } from './user-present';
import { assertUserPermission } from './user-view';

/** `GET /users/{target}/profile`: needs ViewProfile unless it is your own. */
export async function fetchProfile(
  deps: Pick<CoreDeps, 'db'>,
  viewer: UserRow,
  target: string,
): Promise<UserProfile> {
  const user = await resolveUserTarget(deps, viewer, target);
  if (user.id !== viewer.id) await assertUserPermission(deps, viewer, user, 'ViewProfile');
  return presentProfile(user);
}
