/** Redis for driver suites: ERMINE_TEST_REDIS_URL, with a random key prefix per suite. */
import { Redis } from 'ioredis';
import { withTimeout } from '@ermine/infra/wait';
import { randomId, requireService } from './services';

/** Used when ERMINE_TEST_REDIS_URL is unset. */
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** The Redis URL tests use. */
export function testRedisUrl(): string {
  return process.env.ERMINE_TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
}

/**
 * A key/channel prefix nobody else uses: ERMINE_TEST_REDIS_PREFIX (one per CI run, default
 * 'ermine-test:') + `label` + a random part, ending in ':'.
 */
export function testRedisPrefix(label = 't'): string {
  return `${process.env.ERMINE_TEST_REDIS_PREFIX || 'ermine-test:'}${label}:${randomId()}:`;
}

/** A connection that gives up at once instead of reconnecting (for probes and inspection). */
export function rawRedis(url = testRedisUrl()): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  return client;
}

/** Resolves when Redis at `url` answers PING. */
export async function probeRedis(url = testRedisUrl()): Promise<void> {
  const client = rawRedis(url);
  try {
    await withTimeout(client.connect(), 3000, `connecting to ${url}`);
    const reply = await withTimeout(client.ping(), 3000, 'PING');
    if (reply !== 'PONG') throw new Error(`PING answered ${reply}`);
  } finally {
    client.disconnect();
  }
}

/** The test Redis URL if it answers; null (skip) or a throw under CI=true otherwise. */
export function requireRedis(): Promise<string | null> {
  const url = testRedisUrl();
  return requireService(`Redis at ${url}`, async () => {
    await probeRedis(url);
    return url;
  });
}

/** Deletes every key starting with `prefix`; returns how many. */
export async function deleteRedisKeys(prefix: string, url = testRedisUrl()): Promise<number> {
  const client = rawRedis(url);
  let deleted = 0;
  try {
    await client.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}
