import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';

/** An API key and its secret: they sign and verify every LiveKit JWT (HS256, `iss` = key). */
export interface ApiKeys {
  apiKey: string;
  apiSecret: string;
}

/** LiveKit's `video` claim: what a token allows in rooms and on the server API. */
export interface VideoGrant {
  roomCreate?: boolean;
  roomJoin?: boolean;
  roomList?: boolean;
  roomRecord?: boolean;
  roomAdmin?: boolean;
  room?: string;
  ingressAdmin?: boolean;
  canPublish?: boolean;
  /** Track sources as lower-case names (`camera`, `microphone`, `screen_share`, `screen_share_audio`). */
  canPublishSources?: string[];
  canSubscribe?: boolean;
  canPublishData?: boolean;
  canUpdateOwnMetadata?: boolean;
  hidden?: boolean;
  recorder?: boolean;
  agent?: boolean;
}

/** The LiveKit-specific claims of a token (identity is the registered `sub` claim). */
export interface ClaimGrants {
  identity?: string;
  name?: string;
  metadata?: string;
  attributes?: Record<string, string>;
  kind?: string;
  video?: VideoGrant;
  sha256?: string;
}

/** A verified token: the key that signed it and its grants. */
export interface VerifiedToken {
  apiKey: string;
  grants: ClaimGrants;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

/** Why a token was refused (always an authentication failure, never a permission one). */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

const videoGrantSchema = z.looseObject({
  roomCreate: z.boolean().optional(),
  roomJoin: z.boolean().optional(),
  roomList: z.boolean().optional(),
  roomRecord: z.boolean().optional(),
  roomAdmin: z.boolean().optional(),
  room: z.string().optional(),
  ingressAdmin: z.boolean().optional(),
  canPublish: z.boolean().optional(),
  canPublishSources: z.array(z.string()).optional(),
  canSubscribe: z.boolean().optional(),
  canPublishData: z.boolean().optional(),
  canUpdateOwnMetadata: z.boolean().optional(),
  hidden: z.boolean().optional(),
  recorder: z.boolean().optional(),
  agent: z.boolean().optional(),
});

const claimsSchema = z.looseObject({
  iss: z.string(),
  exp: z.number(),
  sub: z.string().optional(),
  name: z.string().optional(),
  metadata: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  kind: z.string().optional(),
  video: videoGrantSchema.optional(),
  sha256: z.string().optional(),
});

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

/** Signs a LiveKit JWT with `keys`, valid from now for `ttlSeconds`. */
export async function signAccessToken(
  keys: ApiKeys,
  grants: ClaimGrants,
  ttlSeconds: number,
  nowMs: number = Date.now(),
): Promise<string> {
  const { identity, ...rest } = grants;
  const nowSeconds = Math.floor(nowMs / 1000);
  const jwt = new SignJWT(stripUndefined(rest))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(keys.apiKey)
    .setNotBefore(nowSeconds)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ttlSeconds)
    .setJti(randomBytes(9).toString('base64url'));
  if (identity !== undefined && identity !== '') jwt.setSubject(identity);
  return jwt.sign(new TextEncoder().encode(keys.apiSecret));
}

/**
 * Verifies a LiveKit JWT: HS256, signed with the secret of `keys`, issued by its key, not
 * expired. Throws TokenError otherwise.
 */
export async function verifyAccessToken(
  keys: ApiKeys,
  token: string,
  clockToleranceSeconds: number = DEFAULT_CLOCK_TOLERANCE_SECONDS,
): Promise<VerifiedToken> {
  let payload: unknown;
  try {
    const verified = await jwtVerify(token, new TextEncoder().encode(keys.apiSecret), {
      algorithms: ['HS256'],
      issuer: keys.apiKey,
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    payload = verified.payload;
  } catch (error) {
    throw new TokenError(`invalid token: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new TokenError('invalid token: malformed claims');
  const claims = parsed.data;
  const grants: ClaimGrants = stripUndefined({
    identity: claims.sub,
    name: claims.name,
    metadata: claims.metadata,
    attributes: claims.attributes,
    kind: claims.kind,
    video: claims.video,
    sha256: claims.sha256,
  });
  return { apiKey: claims.iss, grants, expiresAt: claims.exp };
}

/** Standard base64 of the SHA-256 of `body`: the `sha256` claim of a webhook's token. */
export function bodySha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64');
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
