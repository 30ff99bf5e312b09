import type { Cache } from '@ermine/infra';

/**
 * Cache key of a user's presence: a set holding one member per live connection (the events
 * gateway adds a member on connect and removes it on disconnect). Online = the set is not empty.
 */
export function presenceKey(userId: string): string {
  return `presence:${userId}`;
}

/** Records a live connection of `userId` (`connectionId` unique per socket, e.g. session id + node). */
export async function markConnectionOnline(
  cache: Cache,
  userId: string,
  connectionId: string,
): Promise<void> {
  await cache.sadd(presenceKey(userId), connectionId);
}

/** Forgets a connection recorded by {@link markConnectionOnline}. */
export async function markConnectionOffline(
  cache: Cache,
  userId: string,
  connectionId: string,
): Promise<void> {
  await cache.srem(presenceKey(userId), connectionId);
}

/** True when the user has at least one live connection (ignores the Invisible presence). */
export async function isConnected(cache: Cache, userId: string): Promise<boolean> {
  return (await cache.smembers(presenceKey(userId))).length > 0;
}
