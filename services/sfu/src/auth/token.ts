import { ParticipantPermission, TrackSource } from '@livekit/protocol';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** The `video` grant of a LiveKit access token (only the fields the SFU reads or re-signs). */
export interface VideoGrant {
  roomJoin?: boolean;
  room?: string;
  roomCreate?: boolean;
  roomList?: boolean;
  roomAdmin?: boolean;
  roomRecord?: boolean;
  canPublish?: boolean;
  canSubscribe?: boolean;
  canPublishData?: boolean;
  canPublishSources?: string[];
  canUpdateOwnMetadata?: boolean;
  hidden?: boolean;
  recorder?: boolean;
  agent?: boolean;
}

/** The verified claims of a LiveKit access token. */
export interface TokenClaims {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  video: VideoGrant;
  /** Seconds since the epoch. */
  exp?: number;
}

/** Why a token was refused; `status` is what LiveKit answers over HTTP. */
export class TokenError extends Error {
  constructor(
    readonly status: 401 | 400,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** The node's API key pair: `iss` of every token and its HS256 secret. */
export interface ApiKeys {
  apiKey: string;
  apiSecret: string;
}

// LiveKit's Go server validates with go-jose's default leeway of one minute.
const CLOCK_TOLERANCE_SECONDS = 60;

/** Verifies an HS256 LiveKit token signed with `keys`; throws TokenError when it isn't valid. */
export async function verifyToken(
  token: string,
  keys: ApiKeys,
  nowMs: number,
): Promise<TokenClaims> {
  if (!token) throw new TokenError(401, 'no authorization token provided');
  let payload: Record<string, unknown>;
  try {
    const result = await jwtVerify(token, secretKey(keys), {
      algorithms: ['HS256'],
      issuer: keys.apiKey,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(nowMs),
    });
    payload = result.payload as Record<string, unknown>;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new TokenError(401, 'invalid token: token is expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iss') {
      throw new TokenError(401, 'invalid API key');
    }
    throw new TokenError(401, 'invalid token');
  }
  const video = isRecord(payload.video) ? (payload.video as VideoGrant) : undefined;
  if (!video) throw new TokenError(401, 'permissions denied: token has no video grant');
  return {
    identity: typeof payload.sub === 'string' ? payload.sub : '',
    name: typeof payload.name === 'string' ? payload.name : '',
    metadata: typeof payload.metadata === 'string' ? payload.metadata : '',
    attributes: stringRecord(payload.attributes),
    video,
    exp: typeof payload.exp === 'number' ? payload.exp : undefined,
  };
}

/** Signs a token with the node's keys (refresh tokens; tests). `ttlSeconds` from now. */
export async function signToken(
  claims: Omit<TokenClaims, 'exp'>,
  keys: ApiKeys,
  nowMs: number,
  ttlSeconds: number,
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  const body: Record<string, unknown> = { video: claims.video };
  if (claims.name) body.name = claims.name;
  if (claims.metadata) body.metadata = claims.metadata;
  if (Object.keys(claims.attributes).length > 0) body.attributes = claims.attributes;
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(keys.apiKey)
    .setSubject(claims.identity)
    .setJti(claims.identity)
    .setNotBefore(now)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(secretKey(keys));
}

const SOURCE_NAMES: Record<string, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/** The participant permission a grant gives (LiveKit: publish/subscribe/data default to true). */
export function permissionFromGrant(video: VideoGrant): ParticipantPermission {
  return new ParticipantPermission({
    canPublish: video.canPublish ?? true,
    canSubscribe: video.canSubscribe ?? true,
    canPublishData: video.canPublishData ?? true,
    canPublishSources: (video.canPublishSources ?? [])
      .map((name) => SOURCE_NAMES[name.toLowerCase()])
      .filter((source): source is TrackSource => source !== undefined),
    canUpdateMetadata: video.canUpdateOwnMetadata ?? false,
    hidden: video.hidden ?? false,
    recorder: video.recorder ?? false,
    agent: video.agent ?? false,
  });
}

/** The grant that re-creates `permission` (refresh tokens carry the current permission). */
export function grantFromPermission(
  base: VideoGrant,
  permission: ParticipantPermission,
): VideoGrant {
  const names = Object.entries(SOURCE_NAMES);
  const sources = permission.canPublishSources
    .map((source) => names.find(([, value]) => value === source)?.[0])
    .filter((name): name is string => name !== undefined);
  const grant: VideoGrant = {
    ...base,
    canPublish: permission.canPublish,
    canSubscribe: permission.canSubscribe,
    canPublishData: permission.canPublishData,
    canUpdateOwnMetadata: permission.canUpdateMetadata,
    hidden: permission.hidden,
  };
  if (sources.length > 0) grant.canPublishSources = sources;
  else delete grant.canPublishSources;
  return grant;
}

/** Whether `permission` lets its holder publish a track from `source`. */
export function canPublishSource(permission: ParticipantPermission, source: TrackSource): boolean {
  if (!permission.canPublish) return false;
  if (permission.canPublishSources.length === 0) return true;
  return permission.canPublishSources.includes(source);
}

function secretKey(keys: ApiKeys): Uint8Array {
  return new TextEncoder().encode(keys.apiSecret);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}
