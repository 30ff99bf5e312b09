import type { UserRow } from '@ermine/database';
import type { RelationshipStatus, User } from '@ermine/models/user';
import { hasUserPermission } from '@ermine/permissions/user-permissions';
import type { CoreDeps } from '../deps';
import { permissionsFor } from '../permissions/permission-query';
import { isConnected } from './presence';
import { presentUser } from './user-present';

/** The ports the view helpers read. */
export type UserViewDeps = Pick<CoreDeps, 'db' | 'cache' | 'config'>;

/** The ports {@link viewUser} reads: the view helpers' and the permission query's. */
export type ViewUserDeps = Pick<CoreDeps, 'db' | 'cache' | 'config' | 'clock'>;

/** `viewer`'s stored relationship to `targetId`: "User" for themselves, "None" when unrelated. */
export async function relationshipWith(
  deps: Pick<CoreDeps, 'db'>,
  viewerId: string,
  targetId: string,
): Promise<RelationshipStatus> {
  if (viewerId === targetId) return 'User';
  return (await deps.db.relationships.get(viewerId, targetId)) ?? 'None';
}

function cutoff(deps: Pick<CoreDeps, 'config'>): number | undefined {
  return deps.config.api.users.early_adopter_cutoff;
}

/** The self view: `relationship: "User"`, with `relations`; `forceOnline` for a fresh login. */
export async function viewSelf(
  deps: UserViewDeps,
  user: UserRow,
  options: { forceOnline?: boolean } = {},
): Promise<User> {
  const [relations, connected] = await Promise.all([
    deps.db.relationships.list(user.id),
    options.forceOnline ? Promise.resolve(true) : isConnected(deps.cache, user.id),
  ]);
  return presentUser(user, {
    relationship: 'User',
    showPresence: true,
    online: connected,
    relations,
    earlyAdopterCutoff: cutoff(deps),
  });
}

/**
 * A user as one viewer fetches them (single fetches, relationship events): `status` and
 * `online` only with ViewProfile (bots are always visible). Yourself gets the self view.
 */
export async function viewUser(
  deps: ViewUserDeps,
  viewer: UserRow,
  target: UserRow,
): Promise<User> {
  if (viewer.id === target.id) return viewSelf(deps, target);
  const [relationship, permissions] = await Promise.all([
    relationshipWith(deps, viewer.id, target.id),
    permissionsFor(deps, viewer).userPermissions(target),
  ]);
  const showPresence = target.bot !== null || hasUserPermission(permissions, 'ViewProfile');
  return presentUser(target, {
    relationship,
    showPresence,
    online: showPresence && (await isConnected(deps.cache, target.id)),
    earlyAdopterCutoff: cutoff(deps),
  });
}

/**
 * Users known to be mutually connected to the viewer (members, group members, message
 * authors): presence hidden only from users who blocked the viewer. Keeps `targets` order.
 */
export async function viewKnownUsers(
  deps: UserViewDeps,
  viewer: UserRow,
  targets: UserRow[],
): Promise<User[]> {
  const relations = new Map(
    (await deps.db.relationships.list(viewer.id)).map((r) => [r.id, r.status] as const),
  );
  return Promise.all(
    targets.map(async (target) => {
      if (target.id === viewer.id) return viewSelf(deps, target);
      const relationship = relations.get(target.id) ?? 'None';
      const showPresence = relationship !== 'BlockedOther';
      return presentUser(target, {
        relationship,
        showPresence,
        online: showPresence && (await isConnected(deps.cache, target.id)),
        earlyAdopterCutoff: cutoff(deps),
      });
    }),
  );
}

/** A user seen by nobody in particular: `relationship: "None"`, no status, offline. */
export function viewUserAnonymous(deps: Pick<CoreDeps, 'config'>, target: UserRow): User {
  return presentUser(target, {
    relationship: 'None',
    showPresence: false,
    online: false,
    earlyAdopterCutoff: cutoff(deps),
  });
}
