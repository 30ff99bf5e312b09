import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import type { Cache } from './ports';

/** How the cache contract gets caches of one driver. */
export interface CacheDriver {
  /**
   * Opens a cache in `namespace`. Caches of different namespaces never share keys; caches of
   * one namespace share them when `crossInstance` is true.
   */
  open(namespace: string): Promise<Cache>;
  /** True when separately opened caches (as in other processes) share state. */
  crossInstance: boolean;
}

const sorted = (xs: string[]): string[] => [...xs].sort();

/** Registers the contract every `cache` driver must pass (it uses real time: TTLs of ~100 ms). */
export function cacheCases(driver: CacheDriver): void {
  const withCache = async (fn: (cache: Cache) => Promise<void>) => {
    const cache = await driver.open(randomUUID());
    try {
      await fn(cache);
    } finally {
      await cache.close();
    }
  };

  test('get of a missing key is null; set then get returns the exact string', () =>
    withCache(async (cache) => {
      assert.equal(await cache.get('missing'), null);
      await cache.set('k', 'v1');
      assert.equal(await cache.get('k'), 'v1');
      await cache.set('k', 'v2');
      assert.equal(await cache.get('k'), 'v2');
      await cache.set('empty', '');
      assert.equal(await cache.get('empty'), '');
      const odd = 'ünïcødé 🦦 {"json":true}\n' + 'x'.repeat(10_000);
      await cache.set('odd', odd);
      assert.equal(await cache.get('odd'), odd);
    }));

  test('del removes a key; deleting a missing key is fine', () =>
    withCache(async (cache) => {
      await cache.set('k', 'v');
      await cache.del('k');
      assert.equal(await cache.get('k'), null);
      await cache.del('never-there');
    }));

  test('a key set with a TTL disappears after it', () =>
    withCache(async (cache) => {
      await cache.set('short', 'v', 150);
      await cache.set('long', 'v', 60_000);
      assert.equal(await cache.get('short'), 'v');
      await delay(400);
      assert.equal(await cache.get('short'), null);
      assert.equal(await cache.get('long'), 'v');
    }));

  test('set without a TTL clears an earlier TTL; set with one adds it', () =>
    withCache(async (cache) => {
      await cache.set('k', 'first', 150);
      await cache.set('k', 'second');
      await cache.set('j', 'forever');
      await cache.set('j', 'now short', 150);
      await delay(400);
      assert.equal(await cache.get('k'), 'second');
      assert.equal(await cache.get('j'), null);
    }));

  test('hit counts within a window and reports the time left', () =>
    withCache(async (cache) => {
      const first = await cache.hit('rl', 10_000);
      assert.equal(first.count, 1);
      assert.ok(
        first.resetAfterMs > 9_000 && first.resetAfterMs <= 10_000,
        `reset ${first.resetAfterMs}`,
      );
      const second = await cache.hit('rl', 10_000);
      const third = await cache.hit('rl', 10_000);
      assert.equal(second.count, 2);
      assert.equal(third.count, 3);
      assert.ok(third.resetAfterMs <= first.resetAfterMs);
      assert.equal((await cache.hit('other', 10_000)).count, 1);
    }));

  test('the window starts at the first hit, is not extended by later hits, then resets', () =>
    withCache(async (cache) => {
      await cache.hit('w', 300);
      await delay(150);
      const later = await cache.hit('w', 300);
      assert.equal(later.count, 2);
      assert.ok(
        later.resetAfterMs <= 170,
        `later hit extended the window: ${later.resetAfterMs} ms left`,
      );
      await delay(later.resetAfterMs + 100);
      const fresh = await cache.hit('w', 300);
      assert.equal(fresh.count, 1);
      assert.ok(
        fresh.resetAfterMs > 200,
        `new window should be full: ${fresh.resetAfterMs} ms left`,
      );
    }));

  test('concurrent hits are counted atomically', () =>
    withCache(async (cache) => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => cache.hit('burst', 10_000)),
      );
      assert.deepEqual(
        results.map((r) => r.count).sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    }));

  test('sets: add, remove, members, no duplicates, emptied set is gone', () =>
    withCache(async (cache) => {
      assert.deepEqual(await cache.smembers('s'), []);
      await cache.sadd('s', 'a', 'b');
      await cache.sadd('s', 'b', 'c');
      await cache.sadd('s');
      assert.deepEqual(sorted(await cache.smembers('s')), ['a', 'b', 'c']);
      await cache.srem('s', 'b', 'not-a-member');
      await cache.srem('s');
      assert.deepEqual(sorted(await cache.smembers('s')), ['a', 'c']);
      await cache.srem('s', 'a', 'c');
      assert.deepEqual(await cache.smembers('s'), []);
      await cache.srem('missing', 'x');
      await cache.sadd('t', 'x');
      await cache.del('t');
      assert.deepEqual(await cache.smembers('t'), []);
    }));

  test('concurrent sadd of many members keeps all of them', () =>
    withCache(async (cache) => {
      const members = Array.from({ length: 100 }, (_, i) => `user-${i}`);
      await Promise.all(members.map((m) => cache.sadd('online', m)));
      assert.deepEqual(sorted(await cache.smembers('online')), sorted(members));
    }));

  test('caches of different namespaces do not share keys', async () => {
    const a = await driver.open(randomUUID());
    const b = await driver.open(randomUUID());
    try {
      await a.set('k', 'a');
      await a.sadd('s', 'x');
      await a.hit('h', 10_000);
      assert.equal(await b.get('k'), null);
      assert.deepEqual(await b.smembers('s'), []);
      assert.equal((await b.hit('h', 10_000)).count, 1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  if (!driver.crossInstance) return;

  test('two instances of one namespace (two processes) share values, counters and sets', async () => {
    const namespace = randomUUID();
    const a = await driver.open(namespace);
    const b = await driver.open(namespace);
    try {
      await a.set('k', 'from a', 60_000);
      assert.equal(await b.get('k'), 'from a');
      await b.del('k');
      assert.equal(await a.get('k'), null);
      assert.equal((await a.hit('h', 10_000)).count, 1);
      assert.equal((await b.hit('h', 10_000)).count, 2);
      await a.sadd('s', 'x');
      await b.sadd('s', 'y');
      assert.deepEqual(sorted(await a.smembers('s')), ['x', 'y']);
    } finally {
      await a.close();
      await b.close();
    }
  });
}
