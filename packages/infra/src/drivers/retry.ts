/** Retry policy shared by the `jobs` drivers, and the error helpers every driver uses. */

/** How a failed job comes back. */
export interface JobRetryOptions {
  /** Attempts in all, the first one included, before a job is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry; it doubles with every further attempt (default 1000 ms). */
  retryDelayMs?: number;
  /** Upper bound of the retry delay (default 5 minutes). */
  maxRetryDelayMs?: number;
}

/** The policy with every default filled in. */
export interface RetryPolicy {
  maxAttempts: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/** Fills in defaults and rejects nonsense values. */
export function retryPolicy(options: JobRetryOptions = {}): RetryPolicy {
  const policy = {
    maxAttempts: options.maxAttempts ?? 5,
    retryDelayMs: options.retryDelayMs ?? 1000,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 5 * 60_000,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new Error('jobs: maxAttempts must be an integer of at least 1');
  }
  if (!(policy.retryDelayMs >= 0) || !(policy.maxRetryDelayMs >= policy.retryDelayMs)) {
    throw new Error('jobs: retry delays must be >= 0 and maxRetryDelayMs >= retryDelayMs');
  }
  return policy;
}

/** Milliseconds to wait before attempt `failedAttempt + 1`. */
export function retryDelay(policy: RetryPolicy, failedAttempt: number): number {
  const delay = policy.retryDelayMs * 2 ** Math.max(0, failedAttempt - 1);
  return Math.round(Math.min(delay, policy.maxRetryDelayMs));
}

/** The JSON text of a payload (`undefined` travels as null); throws on values JSON can't carry. */
export function encodePayload(payload: unknown): string {
  const text = JSON.stringify(payload ?? null);
  if (typeof text !== 'string') throw new TypeError('payload is not JSON-serialisable');
  return text;
}

/** The message of an unknown thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
