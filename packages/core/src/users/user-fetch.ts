import type { UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { FlagResponse, User } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { permissionsFor } from '../permissions/permission-query';
import { throwIfMissingUserPermission } from '../permissions/permission-check';
import { viewSelf, viewUser, type UserViewDeps, type ViewUserDeps } from './user-view';

/** The stored user, or 404 NotFound. */
export async function findUserOrFail(deps: Pick<CoreDeps, 'db'>, id: string): Promise<UserRow> {
  const user = await deps.db.users.findById(id);
  if (!user) throw fail('NotFound');
  return user;
}

/** Resolves a path target: `@me` or the viewer's own id is the viewer, else a stored user. */
export async function resolveUserTarget(
  deps: Pick<CoreDeps, 'db'>,
  viewer: UserRow,
  target: string,
): Promise<UserRow> {
  if (target === '@me' || target === viewer.id) return viewer;
  return findUserOrFail(deps, target);
}

/** `GET /users/@me`. */
export function fetchSelf(deps: UserViewDeps, viewer: UserRow): Promise<User> {
  return viewSelf(deps, viewer);
}

/** `GET /users/{target}`: yourself, or another user you hold Access towards. */
export async function fetchUser(
  deps: ViewUserDeps,
  viewer: UserRow,
  target: string,
): Promise<User> {
  const user = await resolveUserTarget(deps, viewer, target);
  if (user.id === viewer.id) return viewSelf(deps, user);
  throwIfMissingUserPermission(await permissionsFor(deps, viewer).userPermissions(user), 'Access');
  return viewUser(deps, viewer, user);
}

/** `GET /users/{target}/flags` (no auth): 0 for unknown users. */
export async function fetchUserFlags(
  deps: Pick<CoreDeps, 'db'>,
  target: string,
): Promise<FlagResponse> {
  const user = await deps.db.users.findById(target);
  return { flags: user?.flags ?? 0 };
}
