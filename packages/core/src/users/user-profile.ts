import type { UserRow } from '@ermine/database';
import type { UserProfile } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { resolveUserTarget } from './user-fetch';
import { presentProfile } from './user-present';
import { permissionsFor } from '../permissions/permission-query';
import { throwIfMissingUserPermission } from '../permissions/permission-check';

/** `GET /users/{target}/profile`: needs ViewProfile unless it is your own. */
export async function fetchProfile(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  viewer: UserRow,
  target: string,
): Promise<UserProfile> {
  const user = await resolveUserTarget(deps, viewer, target);
  if (user.id !== viewer.id) {
    const permissions = await permissionsFor(deps, viewer).userPermissions(user);
    throwIfMissingUserPermission(permissions, 'ViewProfile');
  }
  return presentProfile(user);
}
