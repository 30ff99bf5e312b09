import type { CoreDeps } from '../deps';

/** What two users share, for `GET /users/{id}/mutual` and the user permission calculation. */
export interface MutualIds {
  users: string[];
  servers: string[];
  channels: string[];
}

/** Ids of users who are friends of both `a` and `b`. */
export async function mutualFriendIds(
  deps: Pick<CoreDeps, 'db'>,
  a: string,
  b: string,
): Promise<string[]> {
  const [mine, theirs] = await Promise.all([
    deps.db.relationships.list(a),
    deps.db.relationships.list(b),
  ]);
  const theirFriends = new Set(theirs.filter((r) => r.status === 'Friend').map((r) => r.id));
  return mine.filter((r) => r.status === 'Friend' && theirFriends.has(r.id)).map((r) => r.id);
}

/**
 * Ids of servers and group/DM channels both users belong to. The database has no server or
 * channel stores yet, so both lists are empty until those domains exist.
 */
export async function mutualPlaces(
  _deps: Pick<CoreDeps, 'db'>,
  _a: string,
  _b: string,
): Promise<{ servers: string[]; channels: string[] }> {
  return { servers: [], channels: [] };
}

/** True when the two users share a server or a group/DM channel ("mutual connection"). */
export async function hasMutualConnection(
  deps: Pick<CoreDeps, 'db'>,
  a: string,
  b: string,
): Promise<boolean> {
  const places = await mutualPlaces(deps, a, b);
  return places.servers.length > 0 || places.channels.length > 0;
}
