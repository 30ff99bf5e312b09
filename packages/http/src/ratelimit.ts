import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { ErmineConfig } from '@ermine/config';
import type { CoreDeps } from '@ermine/core';
import { normaliseEmail } from '@ermine/core/auth/email';
import { optionalSessionId } from './auth';

/** Header the composition root sets to the peer's socket address (client values are dropped). */
export const REMOTE_ADDR_HEADER = 'x-ermine-remote-addr';

/** Every bucket is a fixed window of this length, started by its first request. */
export const RATE_LIMIT_WINDOW_MS = 10_000;

/** Stoat's buckets and their limits per window (`auth` is 15 in Stoat's code; its docs say 3). */
export const BUCKET_LIMITS: Record<string, number> = {
  user_edit: 2,
  users: 20,
  default_avatar: 255,
  bots: 10,
  messaging: 10,
  channels: 15,
  servers: 5,
  auth: 15,
  auth_delete: 255,
  swagger: 100,
  safety: 15,
  safety_report: 3,
  any: 20,
};

/** Which bucket a request counts against, and the resource it is counted per (if any). */
export interface BucketMatch {
  bucket: string;
  resource: string | null;
  limit: number;
}

function match(bucket: string, resource: string | null = null): BucketMatch {
  return { bucket, resource, limit: BUCKET_LIMITS[bucket] ?? BUCKET_LIMITS.any! };
}

/** Stoat's bucket rules, read from the method and the path (an optional `/0.8` prefix is skipped). */
export function resolveBucket(method: string, path: string): BucketMatch {
  let segments = path.split('/').filter((s) => s !== '');
  if (segments[0] === '0.8') segments = segments.slice(1);
  const [segment, resource, extra] = segments;
  const verb = method.toUpperCase();
  switch (segment) {
    case 'users':
      if (verb === 'PATCH') return match('user_edit', resource ?? null);
      return extra === 'default_avatar' ? match('default_avatar') : match('users');
    case 'bots':
      return match('bots');
    case 'channels':
      if (resource === undefined) return match('any');
      if (verb === 'POST' && extra === 'messages') return match('messaging', resource);
      return match('channels', resource);
    case 'servers':
      return resource === undefined ? match('any') : match('servers', resource);
    case 'auth':
      return verb === 'DELETE' ? match('auth_delete') : match('auth');
    case 'swagger':
      return match('swagger');
    case 'safety':
      return resource === 'report' ? match('safety_report', 'report') : match('safety');
    default:
      return match('any');
  }
}

/**
 * The client's address: the socket peer the composition root recorded. Only when configured to
 * trust what is in front of it does a header win: `CF-Connecting-IP` with
 * `api.security.trust_cloudflare`, the last `X-Forwarded-For` hop with `ermine.trust_forwarded_for`.
 */
export function clientAddress(c: Context, config: ErmineConfig): string {
  if (config.api?.security?.trust_cloudflare) {
    const cf = c.req.header('cf-connecting-ip')?.trim();
    if (cf) return cf;
  }
  if (config.ermine.trust_forwarded_for) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim());
    const last = hops.filter((h) => h !== '').pop();
    if (last) return last;
  }
  return c.req.header(REMOTE_ADDR_HEADER) ?? 'unknown';
}

// Stoat prints a 64-bit hash of (identity, bucket, resource) as the bucket id.
function bucketId(key: string): string {
  return BigInt('0x' + createHash('sha256').update(key).digest('hex').slice(0, 16)).toString();
}

/** A counted request: its bucket's headers, and whether the bucket was already exhausted. */
interface Counted {
  headers: Record<string, string>;
  exhausted: boolean;
  retryAfterMs: number;
}

async function count(
  deps: CoreDeps,
  key: string,
  limit: number,
  windowMs: number,
): Promise<Counted> {
  const { count: hits, resetAfterMs } = await deps.cache.hit(`ratelimit:${key}`, windowMs);
  const retryAfterMs = Math.max(0, resetAfterMs);
  return {
    headers: {
      'X-Ratelimit-Limit': String(limit),
      'X-Ratelimit-Bucket': bucketId(key),
      'X-Ratelimit-Remaining': String(Math.max(0, limit - hits)),
      'X-Ratelimit-Reset-After': String(retryAfterMs),
    },
    exhausted: hits > limit,
    retryAfterMs,
  };
}

// Routes that get into an account: a session token must not give them a bucket of their own,
// since an account may open any number of sessions.
const ACCOUNT_ENTRY_ROUTES = new Set([
  'POST /auth/session/login',
  'POST /auth/account/create',
  'POST /auth/account/reverify',
  'POST /auth/account/reset_password',
  'PATCH /auth/account/reset_password',
  'PUT /auth/mfa/ticket',
]);

/** Whether a request is a login, sign-up, reset, reverify or MFA ticket (always counted per address). */
export function isAccountEntryRoute(method: string, path: string): boolean {
  let segments = path.split('/').filter((s) => s !== '');
  if (segments[0] === '0.8') segments = segments.slice(1);
  return ACCOUNT_ENTRY_ROUTES.has(`${method.toUpperCase()} /${segments.join('/')}`);
}

/**
 * Stoat's rate limiter as middleware: each request counts against its bucket for its identity
 * (the session id with a valid `X-Session-Token`, else the client address; always the address
 * on the routes that get into an account). Every response carries the `X-Ratelimit-*` headers
 * (a route's own, see `accountRateLimit`, win); an exhausted bucket answers 429
 * `{"retry_after": ms}`. Off when `ermine.rate_limits` is false.
 */
export function rateLimit(deps: CoreDeps): MiddlewareHandler {
  return async (c, next) => {
    if (!deps.config.ermine.rate_limits) return next();
    const { bucket, resource, limit } = resolveBucket(c.req.method, c.req.path);
    const address = `ip:${clientAddress(c, deps.config)}`;
    const identity = isAccountEntryRoute(c.req.method, c.req.path)
      ? address
      : ((await optionalSessionId(c, deps)) ?? address);
    const key = `${identity}\u0000${bucket}\u0000${resource ?? ''}`;
    const counted = await count(deps, key, limit, RATE_LIMIT_WINDOW_MS);
    if (counted.exhausted) {
      return c.json({ retry_after: counted.retryAfterMs }, 429, counted.headers);
    }
    await next();
    for (const [name, value] of Object.entries(counted.headers)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
}

/**
 * Requests per account named by a sign-up, reset or reverify (each may send it an e-mail) or an
 * MFA ticket, per window. Logins are not counted here: the login lockout bounds the guesses at
 * an account, and a per-account bucket would let anyone keep its owner from logging in.
 */
export const ACCOUNT_LIMIT = 10;
/** The window of the per-account bucket: long, since a real user rarely names an account twice. */
export const ACCOUNT_WINDOW_MS = 10 * 60_000;

/** The account a request names: an e-mail address (as the login compares it) or an account id. */
export type AccountTarget = { email: string } | { accountId: string };

/**
 * Counts a request against the bucket of the account it names, from whatever address or
 * session, so that spreading guesses over addresses or sessions does not help. Returns Stoat's
 * 429 `{"retry_after": ms}` response (with that bucket's headers) when it is exhausted, else
 * null. Does nothing when `ermine.rate_limits` is false.
 */
export async function accountRateLimit(
  c: Context,
  deps: CoreDeps,
  target: AccountTarget,
): Promise<Response | null> {
  if (!deps.config.ermine.rate_limits) return null;
  const identity =
    'email' in target ? `email:${normaliseEmail(target.email)}` : `account:${target.accountId}`;
  const key = `${identity}\u0000auth_account\u0000`;
  const counted = await count(deps, key, ACCOUNT_LIMIT, ACCOUNT_WINDOW_MS);
  if (!counted.exhausted) return null;
  return c.json({ retry_after: counted.retryAfterMs }, 429, counted.headers);
}
