import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { deleteRedisKeys, rawRedis, requireRedis, testRedisPrefix } from '@ermine/testing/redis';
import { skipUnlessReachable, startTcpProxy } from '@ermine/testing/services';
import { waitUntil } from './wait';
import { busCases } from './bus.case';
import { createMemoryBus } from './drivers/memory';
import { createRedisBus } from './drivers/redis';

describe('bus: memory', () => {
  busCases({ open: async () => createMemoryBus<unknown>(), crossInstance: false });
});

const redisUrl = await requireRedis();
const prefix = testRedisPrefix('bus');

describe(
  'bus: redis',
  { skip: skipUnlessReachable('Redis', redisUrl, 'ERMINE_TEST_REDIS_URL') },
  () => {
    if (redisUrl === null) return;
    after(() => deleteRedisKeys(prefix, redisUrl));

    busCases({
      open: (namespace) =>
        createRedisBus<unknown>({ url: redisUrl, prefix: `${prefix}${namespace}:` }),
      crossInstance: true,
    });

    /** Connections named `name` that are in subscriber mode, from CLIENT LIST. */
    const subscriberConnections = async (name: string): Promise<string[]> => {
      const raw = rawRedis(redisUrl);
      await raw.connect();
      try {
        const list = (await raw.call('CLIENT', 'LIST')) as string;
        return list
          .split('\n')
          .filter((line) => line.includes(` name=${name}-sub `))
          .filter((line) => /\bsub=[1-9]/.test(line));
      } finally {
        raw.disconnect();
      }
    };

    test('redis: one subscriber connection for any number of topics and handlers', async () => {
      const name = `ermine-test-${randomUUID().slice(0, 8)}`;
      const bus = await createRedisBus<unknown>({
        url: redisUrl,
        prefix: `${prefix}one:`,
        connectionName: name,
      });
      try {
        const unsubscribes = [];
        for (let i = 0; i < 50; i++) {
          unsubscribes.push(await bus.subscribe(`topic-${i}`, () => {}));
          unsubscribes.push(await bus.subscribe(`topic-${i}`, () => {}));
        }
        const subs = await subscriberConnections(name);
        assert.equal(subs.length, 1, `expected one subscriber connection, got ${subs.length}`);
        assert.match(subs[0] ?? '', /\bsub=50\b/);
        for (const u of unsubscribes) await u();
      } finally {
        await bus.close();
      }
    });

    test('redis: a channel is subscribed with its first handler and left with its last', async () => {
      const p = `${prefix}numsub:`;
      const bus = await createRedisBus<unknown>({ url: redisUrl, prefix: p });
      const raw = rawRedis(redisUrl);
      await raw.connect();
      const numsub = async () =>
        Number(((await raw.call('PUBSUB', 'NUMSUB', `${p}t`)) as [string, number])[1]);
      try {
        assert.equal(await numsub(), 0);
        const u1 = await bus.subscribe('t', () => {});
        const u2 = await bus.subscribe('t', () => {});
        assert.equal(await numsub(), 1);
        await u1();
        assert.equal(await numsub(), 1);
        await u2();
        assert.equal(await numsub(), 0);
      } finally {
        raw.disconnect();
        await bus.close();
      }
    });

    test('redis: payloads on the wire are JSON on channel prefix + topic', async () => {
      const p = `${prefix}wire:`;
      const bus = await createRedisBus<unknown>({ url: redisUrl, prefix: p });
      const raw = rawRedis(redisUrl);
      await raw.connect();
      const seen: [string, string][] = [];
      raw.on('message', (channel: string, message: string) => seen.push([channel, message]));
      try {
        await raw.subscribe(`${p}user!`);
        await bus.publish('user!', { type: 'Pong', data: 1 });
        await waitUntil(() => seen.length === 1, 'the raw message');
        assert.deepEqual(seen[0], [`${p}user!`, '{"type":"Pong","data":1}']);
        // And a message published by anything else that speaks JSON reaches the handlers.
        const got: unknown[] = [];
        await bus.subscribe('from-outside', (payload) => got.push(payload));
        const publisher = rawRedis(redisUrl);
        await publisher.connect();
        await publisher.publish(`${p}from-outside`, '{"type":"Bulk","v":[1]}');
        publisher.disconnect();
        await waitUntil(() => got.length === 1, 'the outside message');
        assert.deepEqual(got[0], { type: 'Bulk', v: [1] });
      } finally {
        raw.disconnect();
        await bus.close();
      }
    });

    test('redis: after a lost connection the subscriber reconnects and resubscribes', async () => {
      const target = new URL(redisUrl);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
      const viaProxy = new URL(redisUrl);
      viaProxy.host = proxy.address;
      const p = `${prefix}reconnect:`;
      const flaky = await createRedisBus<unknown>({ url: viaProxy.toString(), prefix: p });
      const direct = await createRedisBus<unknown>({ url: redisUrl, prefix: p });
      try {
        const got: unknown[] = [];
        await flaky.subscribe('t', (payload) => got.push(payload));
        await direct.publish('t', 'before');
        await waitUntil(() => got.length === 1, 'the payload before the cut');
        const connectionsBefore = proxy.accepted();
        proxy.cut();
        await waitUntil(
          () => proxy.accepted() >= connectionsBefore + 2,
          'both connections back',
          10_000,
        );
        // Pub/sub drops what is published while a subscriber is away, so publish until one arrives.
        await waitUntil(
          async () => {
            await direct.publish('t', 'after');
            return got.includes('after');
          },
          'a payload after reconnecting',
          10_000,
        );
        await flaky.publish('t', 'published through the reconnected connection');
        await waitUntil(
          () => got.includes('published through the reconnected connection'),
          'own publish',
        );
      } finally {
        await flaky.close();
        await direct.close();
        await proxy.close();
      }
    });

    test('redis: an unreachable server is a clear error at creation', async () => {
      const proxy = await startTcpProxy('127.0.0.1', 1);
      const port = proxy.port;
      await proxy.close();
      await assert.rejects(
        createRedisBus<unknown>({ url: `redis://127.0.0.1:${port}`, prefix }),
        /cannot connect to Redis/,
      );
    });
  },
);
