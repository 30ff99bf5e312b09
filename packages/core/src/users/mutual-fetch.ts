import type { UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { MutualResponse } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { findUserOrFail } from './user-fetch';
import { mutualFriendIds, mutualPlaces } from './user-mutual';
import { permissionsFor } from '../permissions/permission-query';
import { throwIfMissingUserPermission } from '../permissions/permission-check';

/** `GET /users/{target}/mutual`: shared friends, servers and channels (needs ViewProfile). */
export async function fetchMutual(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  viewer: UserRow,
  target: string,
): Promise<MutualResponse> {
  if (target === '@me' || target === viewer.id) throw fail('InvalidOperation');
  const user = await findUserOrFail(deps, target);
  const permissions = await permissionsFor(deps, viewer).userPermissions(user);
  throwIfMissingUserPermission(permissions, 'ViewProfile');
  const [users, places] = await Promise.all([
    mutualFriendIds(deps, viewer.id, user.id),
    mutualPlaces(deps, viewer.id, user.id),
  ]);
  return { users, ...places };
}
