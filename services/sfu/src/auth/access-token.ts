import { createHash, randomBytes } from 'node:crypto';
import { ParticipantPermission, TrackSource } from '../livekit-protocol';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** The node's API key pair: `iss` of every token and its HS256 secret. */
export interface ApiKeys {
  apiKey: string;
  apiSecret: string;
}

/**
 * LiveKit's `video` claim: what a token allows in rooms and on the server API. Track sources
 * are lower-case names (`camera`, `microphone`, `screen_share`, `screen_share_audio`).
 */
export interface VideoGrant {
  roomCreate?: boolean;
  roomJoin?: boolean;
  roomList?: boolean;
  roomRecord?: boolean;
  roomAdmin?: boolean;
  room?: string;
  ingressAdmin?: boolean;
  canPublish?: boolean;
  canPublishSources?: string[];
  canSubscribe?: boolean;
  canPublishData?: boolean;
  canUpdateOwnMetadata?: boolean;
  hidden?: boolean;
  recorder?: boolean;
  agent?: boolean;
}

const BOOLEAN_GRANTS = [
  'roomCreate',
  'roomJoin',
  'roomList',
  'roomRecord',
  'roomAdmin',
  'ingressAdmin',
  'canPublish',
  'canSubscribe',
  'canPublishData',
  'canUpdateOwnMetadata',
  'hidden',
  'recorder',
  'agent',
] as const;

// Checked by hand rather than with a schema library: media workers load this module too.
function videoGrantOf(value: unknown): VideoGrant | null {
  if (value === undefined) return {};
  if (!isRecord(value)) return null;
  for (const key of BOOLEAN_GRANTS) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean') return null;
  }
  if (!optionalString(value.room)) return null;
  const sources = value.canPublishSources;
  if (sources !== undefined && !(Array.isArray(sources) && sources.every(isString))) return null;
  // Fields LiveKit has and the SFU doesn't read are kept (refresh tokens carry them on).
  return value as VideoGrant;
}

function attributesOf(value: unknown): Record<string, string> | null {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every(isString)) return null;
  return value as Record<string, string>;
}

/** What a token carries, as given to `signAccessToken` (identity becomes the `sub` claim). */
export interface TokenGrants {
  identity?: string;
  name?: string;
  metadata?: string;
  attributes?: Record<string, string>;
  kind?: string;
  video?: VideoGrant;
  /** Base64 SHA-256 of a webhook's body. */
  sha256?: string;
}

/** The verified claims of a token; absent strings read as '' and an absent grant as `{}`. */
export interface TokenClaims {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  video: VideoGrant;
  kind?: string;
  sha256?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
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

// LiveKit's server validates `exp` and `nbf` with go-jose's default leeway of one minute.
const CLOCK_TOLERANCE_SECONDS = 60;

/** Signs a LiveKit JWT (HS256, `iss` = the key) valid from `nowMs` for `ttlSeconds`. */
export async function signAccessToken(
  keys: ApiKeys,
  grants: TokenGrants,
  ttlSeconds: number,
  nowMs: number,
): Promise<string> {
  const { identity, ...rest } = grants;
  const now = Math.floor(nowMs / 1000);
  const body = Object.fromEntries(
    Object.entries(rest).filter(([key, value]) => value !== undefined && !isEmpty(key, value)),
  );
  const jwt = new SignJWT(body)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(keys.apiKey)
    .setNotBefore(now)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(identity ? identity : randomBytes(9).toString('base64url'));
  if (identity) jwt.setSubject(identity);
  return jwt.sign(secretKey(keys));
}

// Empty name, metadata and attributes are left out, as LiveKit's SDKs do.
function isEmpty(key: string, value: unknown): boolean {
  if (key === 'name' || key === 'metadata') return value === '';
  if (key === 'attributes') return isRecord(value) && Object.keys(value).length === 0;
  return false;
}

/**
 * The one check of every token the SFU takes (signalling, validate, server API): HS256 signed
 * with `keys`, issued by its key, `exp` present and not passed, `nbf` (if any) reached, both
 * within a minute of leeway, and every known claim and grant field of its type. Throws
 * TokenError (401) otherwise.
 */
export async function verifyAccessToken(
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
      requiredClaims: ['exp'],
    });
    payload = result.payload;
  } catch (error) {
    throw new TokenError(401, refusal(error));
  }
  const video = videoGrantOf(payload.video);
  const attributes = attributesOf(payload.attributes);
  const strings = [payload.sub, payload.name, payload.metadata, payload.kind, payload.sha256];
  if (typeof payload.exp !== 'number' || !video || !attributes || !strings.every(optionalString)) {
    throw new TokenError(401, 'invalid token: malformed claims');
  }
  const claims: TokenClaims = {
    identity: stringOr(payload.sub),
    name: stringOr(payload.name),
    metadata: stringOr(payload.metadata),
    attributes,
    video,
    exp: payload.exp,
  };
  if (typeof payload.kind === 'string') claims.kind = payload.kind;
  if (typeof payload.sha256 === 'string') claims.sha256 = payload.sha256;
  return claims;
}

function refusal(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'invalid token: token is expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'invalid API key';
    if (error.claim === 'nbf') return 'invalid token: token is not valid yet';
    if (error.claim === 'exp') return 'invalid token: token has no expiry';
  }
  return 'invalid token';
}

/** Standard base64 of the SHA-256 of `body`: the `sha256` claim of a webhook's token. */
export function bodySha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64');
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

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}
