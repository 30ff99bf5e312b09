import type { IncomingHttpHeaders } from 'node:http';
import {
  TokenError,
  verifyAccessToken,
  type ApiKeys,
  type TokenClaims,
} from '../auth/access-token';

/** A join request that passed the token and grant checks (the room is resolved into the claims). */
export interface AuthorizedJoin {
  claims: TokenClaims;
  roomName: string;
}

/** The token of a signalling request: `access_token`, else `Authorization: Bearer`. */
export function tokenOf(params: URLSearchParams, authorization: string | null | undefined): string {
  const fromQuery = params.get('access_token');
  if (fromQuery) return fromQuery;
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match?.[1]?.trim() ?? '';
}

/**
 * Verifies a join: a valid token with `roomJoin`, a room (the token's, which a `room` query
 * parameter may not contradict) and an identity. Throws TokenError with LiveKit's status.
 */
export async function authorizeJoin(
  params: URLSearchParams,
  authorization: string | null | undefined,
  keys: ApiKeys,
  nowMs: number,
): Promise<AuthorizedJoin> {
  const claims = await verifyAccessToken(tokenOf(params, authorization), keys, nowMs);
  if (!claims.video.roomJoin)
    throw new TokenError(401, 'permissions denied: token does not grant roomJoin');
  const tokenRoom = claims.video.room ?? '';
  const queryRoom = params.get('room') ?? '';
  if (tokenRoom && queryRoom && tokenRoom !== queryRoom) {
    throw new TokenError(401, `permissions denied: token is for room "${tokenRoom}"`);
  }
  const roomName = tokenRoom || queryRoom;
  if (!roomName) throw new TokenError(401, 'permissions denied: no room given');
  if (!claims.identity) throw new TokenError(400, 'identity cannot be empty');
  return { claims: { ...claims, video: { ...claims.video, room: roomName } }, roomName };
}

/** The `Authorization` header of a Node request. */
export function authorizationOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}
