import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import type { Bus } from './ports';
import { waitUntil } from './wait';

/** How the bus contract gets buses of one driver. */
export interface BusDriver {
  /**
   * Opens a bus in `namespace`. Buses of different namespaces never see each other; buses of
   * one namespace see each other's publishes when `crossInstance` is true. The contract checks
   * the transport, so the bus carries any JSON value.
   */
  open(namespace: string): Promise<Bus<unknown>>;
  /** True when separately opened buses (as in other processes) share topics. */
  crossInstance: boolean;
}

interface Received {
  payload: unknown;
  topic: string;
}

/** A handler that records what it receives. */
function recorder(): { handler: (payload: unknown, topic: string) => void; got: Received[] } {
  const got: Received[] = [];
  return { got, handler: (payload, topic) => got.push({ payload, topic }) };
}

/**
 * Publishes a marker on `fence` through `via` and waits until `bus` received it: anything
 * published before it in the same order would have arrived by then.
 */
async function fence(via: Bus<unknown>, bus: Bus<unknown>): Promise<void> {
  const topic = `fence-${randomUUID()}`;
  const marker = recorder();
  const unsubscribe = await bus.subscribe(topic, marker.handler);
  await via.publish(topic, 'fence');
  await waitUntil(() => marker.got.length === 1, 'the fence message');
  await unsubscribe();
  // Different connections may interleave; leave stragglers a moment to show up.
  await delay(30);
}

/** Registers the contract every `bus` driver must pass. */
export function busCases(driver: BusDriver): void {
  const withBus = async (fn: (bus: Bus<unknown>, namespace: string) => Promise<void>) => {
    const namespace = randomUUID();
    const bus = await driver.open(namespace);
    try {
      await fn(bus, namespace);
    } finally {
      await bus.close();
    }
  };

  test('delivers a published payload to a subscriber, with its topic', () =>
    withBus(async (bus) => {
      const r = recorder();
      await bus.subscribe('user-1', r.handler);
      await bus.publish('user-1', {
        type: 'Message',
        content: 'hi',
        n: [1, 2],
        nested: { a: true },
      });
      await waitUntil(() => r.got.length === 1, 'one payload');
      assert.deepEqual(r.got[0], {
        topic: 'user-1',
        payload: { type: 'Message', content: 'hi', n: [1, 2], nested: { a: true } },
      });
    }));

  test('payloads travel as JSON values', () =>
    withBus(async (bus) => {
      const r = recorder();
      await bus.subscribe('t', r.handler);
      const sent: unknown[] = ['text', 42, 0, null, true, [1, 'a'], { d: new Date(0) }, undefined];
      for (const p of sent) await bus.publish('t', p);
      await waitUntil(() => r.got.length === sent.length, 'every payload');
      assert.deepEqual(
        r.got.map((x) => x.payload),
        ['text', 42, 0, null, true, [1, 'a'], { d: '1970-01-01T00:00:00.000Z' }, null],
      );
    }));

  test('keeps publish order within a topic', () =>
    withBus(async (bus) => {
      const a = recorder();
      const b = recorder();
      await bus.subscribe('a', a.handler);
      await bus.subscribe('b', b.handler);
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) sends.push(bus.publish(i % 2 === 0 ? 'a' : 'b', i));
      await Promise.all(sends);
      await waitUntil(() => a.got.length === 100 && b.got.length === 100, '200 payloads');
      const expectA = Array.from({ length: 100 }, (_, i) => i * 2);
      assert.deepEqual(
        a.got.map((x) => x.payload),
        expectA,
      );
      assert.deepEqual(
        b.got.map((x) => x.payload),
        expectA.map((n) => n + 1),
      );
    }));

  test('every handler of a topic gets each payload once; other topics get nothing', () =>
    withBus(async (bus) => {
      const first = recorder();
      const second = recorder();
      const other = recorder();
      await bus.subscribe('chan', first.handler);
      await bus.subscribe('chan', second.handler);
      await bus.subscribe('chan2', other.handler);
      await bus.publish('chan', 'x');
      await waitUntil(() => first.got.length === 1 && second.got.length === 1, 'both handlers');
      await fence(bus, bus);
      assert.equal(first.got.length, 1);
      assert.equal(second.got.length, 1);
      assert.equal(other.got.length, 0);
    }));

  test('topics are exact names: no patterns, "user:u" and "private:u" differ', () =>
    withBus(async (bus) => {
      const star = recorder();
      const user = recorder();
      const bang = recorder();
      await bus.subscribe('user:*', star.handler);
      await bus.subscribe('user:u', user.handler);
      await bus.subscribe('private:u', bang.handler);
      await bus.publish('private:u', 'private');
      await bus.publish('user:ux', 'nobody');
      await fence(bus, bus);
      assert.deepEqual(bang.got, [{ payload: 'private', topic: 'private:u' }]);
      assert.deepEqual(user.got, []);
      assert.deepEqual(star.got, []);
    }));

  test('an event with nested models arrives equal, flattened fields and nulls included', () =>
    withBus(async (bus) => {
      const r = recorder();
      await bus.subscribe('channel:c1', r.handler);
      const event = {
        type: 'Message',
        _id: '01J0000000000000000000000M',
        channel: 'c1',
        author: 'u1',
        content: 'é ✓ "quoted"',
        webhook: { name: 'hook', avatar: null },
        reactions: { '👍': ['u1', 'u2'] },
        user: { _id: 'u1', username: 'a', relationship: 'None', online: false },
      };
      await bus.publish('channel:c1', event);
      await waitUntil(() => r.got.length === 1, 'the event');
      assert.deepEqual(r.got[0], { topic: 'channel:c1', payload: event });
    }));

  test('unsubscribe stops that handler only; the last one leaves and can come back', () =>
    withBus(async (bus) => {
      const keep = recorder();
      const drop = recorder();
      await bus.subscribe('room', keep.handler);
      const unsubscribe = await bus.subscribe('room', drop.handler);
      await bus.publish('room', 1);
      await waitUntil(() => keep.got.length === 1 && drop.got.length === 1, 'first payload');
      await unsubscribe();
      await unsubscribe(); // idempotent
      await bus.publish('room', 2);
      await waitUntil(() => keep.got.length === 2, 'second payload');
      await fence(bus, bus);
      assert.equal(drop.got.length, 1);

      const solo = recorder();
      const unsubSolo = await bus.subscribe('solo', solo.handler);
      await unsubSolo();
      await bus.publish('solo', 'lost');
      await fence(bus, bus);
      assert.equal(solo.got.length, 0);
      const again = recorder();
      await bus.subscribe('solo', again.handler);
      await bus.publish('solo', 'back');
      await waitUntil(() => again.got.length === 1, 'payload after resubscribing');
    }));

  test('an unsubscribe racing a subscribe of the same topic ends subscribed', () =>
    withBus(async (bus) => {
      for (let round = 0; round < 10; round++) {
        const topic = `race-${round}`;
        const old = recorder();
        const fresh = recorder();
        const unsubscribe = await bus.subscribe(topic, old.handler);
        await Promise.all([unsubscribe(), bus.subscribe(topic, fresh.handler)]);
        await bus.publish(topic, round);
        await waitUntil(() => fresh.got.length === 1, `payload of round ${round}`);
        assert.equal(old.got.length, 0);
      }
    }));

  test('a throwing handler does not stop other handlers or later payloads', () =>
    withBus(async (bus) => {
      const r = recorder();
      await bus.subscribe('t', () => {
        throw new Error('handler failure (expected by the test)');
      });
      await bus.subscribe('t', r.handler);
      await bus.publish('t', 1);
      await bus.publish('t', 2);
      await waitUntil(() => r.got.length === 2, 'both payloads');
    }));

  test('publish to a topic nobody listens to resolves', () =>
    withBus(async (bus) => {
      await bus.publish(`nobody-${randomUUID()}`, { x: 1 });
    }));

  test('buses of different namespaces are isolated', async () => {
    const left = await driver.open(randomUUID());
    const right = await driver.open(randomUUID());
    try {
      const l = recorder();
      const r = recorder();
      await left.subscribe('shared', l.handler);
      await right.subscribe('shared', r.handler);
      await left.publish('shared', 'left only');
      await waitUntil(() => l.got.length === 1, 'left payload');
      await fence(right, right);
      assert.equal(r.got.length, 0);
    } finally {
      await left.close();
      await right.close();
    }
  });

  test('after close nothing is delivered and publish rejects', async () => {
    const namespace = randomUUID();
    const bus = await driver.open(namespace);
    const other = await driver.open(namespace);
    try {
      const r = recorder();
      await bus.subscribe('t', r.handler);
      await bus.close();
      await assert.rejects(bus.publish('t', 1));
      await other.publish('t', 2);
      await fence(other, other);
      assert.equal(r.got.length, 0);
    } finally {
      await other.close();
    }
  });

  if (!driver.crossInstance) return;

  test('another instance of the namespace (another process) receives publishes, in order', async () => {
    const namespace = randomUUID();
    const a = await driver.open(namespace);
    const b = await driver.open(namespace);
    try {
      const onA = recorder();
      const onB = recorder();
      await a.subscribe('server-1', onA.handler);
      await b.subscribe('server-1', onB.handler);
      for (let i = 0; i < 50; i++) await a.publish('server-1', i);
      await b.publish('server-1', 'from b');
      const expected = [...Array.from({ length: 50 }, (_, i) => i), 'from b'];
      await waitUntil(() => onA.got.length === 51 && onB.got.length === 51, 'all payloads on both');
      assert.deepEqual(
        onA.got.map((x) => x.payload),
        expected,
      );
      assert.deepEqual(
        onB.got.map((x) => x.payload),
        expected,
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a resolved subscribe already receives the next publish of another instance', async () => {
    const namespace = randomUUID();
    const a = await driver.open(namespace);
    const b = await driver.open(namespace);
    try {
      for (let i = 0; i < 20; i++) {
        const r = recorder();
        const unsubscribe = await b.subscribe(`fresh-${i}`, r.handler);
        await a.publish(`fresh-${i}`, i);
        await waitUntil(() => r.got.length === 1, `payload ${i}`);
        await unsubscribe();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
}
