import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { deleteRedisKeys, rawRedis, requireRedis, testRedisPrefix } from '@ermine/testing/redis';
import { skipUnlessReachable } from '@ermine/testing/services';
import { cacheCases } from './cache.case';
import { createMemoryCache } from './drivers/memory';
import { createRedisCache } from './drivers/redis';
import type { Clock } from './ports';

describe('cache: memory', () => {
  cacheCases({ open: async () => createMemoryCache(), crossInstance: false });

  test('memory: TTLs and windows follow the injected clock', async () => {
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    const cache = createMemoryCache(clock);
    try {
      await cache.set('k', 'v', 1000);
      now += 999;
      assert.equal(await cache.get('k'), 'v');
      now += 1;
      assert.equal(await cache.get('k'), null);
      assert.deepEqual(await cache.hit('h', 500), { count: 1, resetAfterMs: 500 });
      now += 200;
      assert.deepEqual(await cache.hit('h', 500), { count: 2, resetAfterMs: 300 });
      now += 300;
      assert.deepEqual(await cache.hit('h', 500), { count: 1, resetAfterMs: 500 });
    } finally {
      await cache.close();
    }
  });

  test('memory: a string and a set under one key are a type error, like Redis', async () => {
    const cache = createMemoryCache();
    try {
      await cache.set('k', 'v');
      await assert.rejects(cache.sadd('k', 'x'), /WRONGTYPE/);
      await cache.sadd('s', 'x');
      await assert.rejects(cache.get('s'), /WRONGTYPE/);
    } finally {
      await cache.close();
    }
  });
});

const redisUrl = await requireRedis();
const prefix = testRedisPrefix('cache');

describe(
  'cache: redis',
  { skip: skipUnlessReachable('Redis', redisUrl, 'ERMINE_TEST_REDIS_URL') },
  () => {
    if (redisUrl === null) return;
    after(() => deleteRedisKeys(prefix, redisUrl));

    cacheCases({
      open: (namespace) => createRedisCache({ url: redisUrl, prefix: `${prefix}${namespace}:` }),
      crossInstance: true,
    });

    test('redis: keys live under the prefix, with Redis TTLs', async () => {
      const p = `${prefix}raw:`;
      const cache = await createRedisCache({ url: redisUrl, prefix: p });
      const raw = rawRedis(redisUrl);
      await raw.connect();
      try {
        await cache.set('slowmode:u:c', '1', 5000);
        assert.equal(await raw.get(`${p}slowmode:u:c`), '1');
        const ttl = await raw.pttl(`${p}slowmode:u:c`);
        assert.ok(ttl > 4000 && ttl <= 5000, `pttl ${ttl}`);
        await cache.hit('rl', 8000);
        assert.equal(await raw.get(`${p}rl`), '1');
        assert.ok((await raw.pttl(`${p}rl`)) > 7000);
        await cache.sadd('sessions:u', '42');
        assert.deepEqual(await raw.smembers(`${p}sessions:u`), ['42']);
        // A counter left without expiry (e.g. by an older writer) still gets a window.
        await raw.set(`${p}stuck`, '7');
        const hit = await cache.hit('stuck', 3000);
        assert.equal(hit.count, 8);
        assert.ok(hit.resetAfterMs > 2000 && hit.resetAfterMs <= 3000);
      } finally {
        raw.disconnect();
        await cache.close();
      }
    });

    test('redis: an unreachable server is a clear error at creation', async () => {
      await assert.rejects(
        createRedisCache({ url: 'redis://127.0.0.1:1', prefix }),
        /cannot connect to Redis/,
      );
    });
  },
);
