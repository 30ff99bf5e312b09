import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TrackSource, TrackType, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { silentLogger } from '@ermine/infra';
import { FakeRoomControl } from '../testing/fake-room-control';
import { serveOnLoopback, type LoopbackServer } from '../testing/loopback-server';
import { createWebhookSender, type WebhookSender } from './webhook-sender';

const keys = { apiKey: 'APIhooks', apiSecret: 'hooks-secret-hooks-secret-hooks-secret' };

interface Received {
  body: string;
  authorization: string | null;
  contentType: string | null;
  event: WebhookEvent | null;
  verifyError?: string;
}

/** A loopback webhook endpoint that verifies each delivery with livekit-server-sdk. */
class Receiver {
  readonly received: Received[] = [];
  /** Status to answer for the n-th request (0-based); 200 when absent. */
  statuses: number[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly verifier = new WebhookReceiver(keys.apiKey, keys.apiSecret);
  server!: LoopbackServer;

  async start(): Promise<this> {
    this.server = await serveOnLoopback(async (request) => {
      const body = await request.text();
      const authorization = request.headers.get('authorization');
      const entry: Received = {
        body,
        authorization,
        contentType: request.headers.get('content-type'),
        event: null,
      };
      try {
        entry.event = await this.verifier.receive(body, authorization ?? undefined);
      } catch (error) {
        entry.verifyError = String(error);
      }
      const status = this.statuses[this.received.length] ?? 200;
      this.received.push(entry);
      this.waiters = this.waiters.filter((w) =>
        this.received.length >= w.count ? (w.resolve(), false) : true,
      );
      return new Response(status === 200 ? 'ok' : 'nope', { status });
    });
    return this;
  }

  get url(): string {
    return `${this.server.url}/livekit-hooks`;
  }

  /** Resolves once `count` requests arrived (fails after 5 s). */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.received.length}/${count} webhooks`)),
        5000,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  events(): WebhookEvent[] {
    return this.received.map((r) => {
      assert.equal(r.verifyError, undefined, r.verifyError);
      assert.ok(r.event);
      return r.event;
    });
  }
}

describe('webhook sender', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(retry = { attempts: 3, baseDelayMs: 5 }, urls?: (r: Receiver) => string[]) {
    const control = new FakeRoomControl();
    const receiver = await new Receiver().start();
    cleanup.push(() => receiver.server.close());
    const sender: WebhookSender = createWebhookSender({
      control,
      keys,
      urls: urls ? urls(receiver) : [receiver.url],
      log: silentLogger,
      retry,
    });
    cleanup.push(() => sender.close());
    return { control, receiver, sender };
  }

  test('posts every room event as a signed LiveKit webhook, in order', async () => {
    const { control, receiver } = await setup();
    const before = Math.floor(Date.now() / 1000);
    control.createRoom({ name: 'chan-1', metadata: '{"server":null}' });
    control.join('chan-1', 'user-1', { name: 'One#0001' });
    const camera = control.publish('chan-1', 'user-1', {
      type: 'video',
      source: 'camera',
      width: 1280,
      height: 720,
    });
    control.mutePublishedTrack('chan-1', 'user-1', camera.sid, true);
    control.mutePublishedTrack('chan-1', 'user-1', camera.sid, false);
    control.deleteRoom('chan-1');
    await receiver.waitFor(8);

    for (const r of receiver.received) {
      assert.equal(r.contentType, 'application/webhook+json');
      assert.ok(
        r.authorization !== null && !r.authorization.startsWith('Bearer'),
        'raw JWT, no Bearer',
      );
    }
    const events = receiver.events();
    assert.deepEqual(
      events.map((e) => e.event),
      [
        'room_started',
        'participant_joined',
        'track_published',
        'track_muted',
        'track_unmuted',
        'track_unpublished',
        'participant_left',
        'room_finished',
      ],
    );
    for (const e of events) {
      assert.match(e.id, /^EV_[0-9A-Za-z]{12}$/);
      assert.ok(Number(e.createdAt) >= before && Number(e.createdAt) <= before + 5);
      assert.equal(e.room?.name, 'chan-1');
      assert.equal(e.room?.metadata, '{"server":null}');
    }
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'ids are unique');
    const joined = events[1];
    assert.equal(joined?.participant?.identity, 'user-1');
    assert.equal(joined?.participant?.name, 'One#0001');
    const published = events[2];
    assert.equal(published?.track?.sid, camera.sid);
    assert.equal(published?.track?.type, TrackType.VIDEO);
    assert.equal(published?.track?.source, TrackSource.CAMERA);
    assert.equal(published?.track?.width, 1280);
    assert.equal(published?.track?.height, 720);
    assert.equal(events[3]?.track?.muted, true);
    assert.equal(events[4]?.track?.muted, false);
    assert.equal(events[6]?.participant?.identity, 'user-1');

    const json = JSON.parse(receiver.received[2]?.body ?? '{}') as Record<string, unknown>;
    assert.equal(typeof json.createdAt, 'string', 'int64 as a JSON string, like protojson');
    assert.equal((json.track as { source: string }).source, 'CAMERA');
  });

  test('a tampered body fails verification (the signature covers the body)', async () => {
    const { control, receiver } = await setup();
    control.createRoom({ name: 'r' });
    await receiver.waitFor(1);
    const first = receiver.received[0];
    assert.ok(first?.authorization);
    const verifier = new WebhookReceiver(keys.apiKey, keys.apiSecret);
    await assert.rejects(
      verifier.receive(first.body.replace('"r"', '"x"'), first.authorization),
      /sha256/,
    );
    const stranger = new WebhookReceiver(keys.apiKey, 'another-secret-another-secret-1234');
    await assert.rejects(stranger.receive(first.body, first.authorization));
  });

  test('retries after a 500 and keeps the room order', async () => {
    const { control, receiver } = await setup({ attempts: 3, baseDelayMs: 20 });
    receiver.statuses = [500, 503];
    control.createRoom({ name: 'retry-room' });
    control.join('retry-room', 'u');
    await receiver.waitFor(4);
    const events = receiver.events();
    assert.deepEqual(
      events.map((e) => e.event),
      ['room_started', 'room_started', 'room_started', 'participant_joined'],
    );
    assert.equal(events[0]?.id, events[2]?.id, 'a retry resends the same event');
  });

  test('gives up after the last attempt and goes on with the next event', async () => {
    const { control, receiver, sender } = await setup({ attempts: 2, baseDelayMs: 5 });
    receiver.statuses = [500, 500];
    control.createRoom({ name: 'lost' });
    control.join('lost', 'u');
    await sender.close();
    assert.deepEqual(
      receiver.events().map((e) => e.event),
      ['room_started', 'room_started', 'participant_joined'],
    );
  });

  test('never blocks the emitter; close() drains; each URL gets every event', async () => {
    const control = new FakeRoomControl();
    const a = await new Receiver().start();
    const b = await new Receiver().start();
    cleanup.push(
      () => a.server.close(),
      () => b.server.close(),
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowFetch: typeof fetch = async (input, init) => {
      await gate;
      return fetch(input, init);
    };
    const sender = createWebhookSender({
      control,
      keys,
      urls: [a.url, b.url],
      log: silentLogger,
      fetchImpl: slowFetch,
    });
    const started = performance.now();
    control.createRoom({ name: 'one' });
    control.createRoom({ name: 'two' });
    control.join('two', 'x');
    assert.ok(performance.now() - started < 50, 'events return immediately');
    assert.equal(a.received.length, 0);
    const closing = sender.close();
    release();
    await closing;
    assert.equal(a.received.length, 3);
    assert.equal(b.received.length, 3);
    assert.deepEqual(
      b
        .events()
        .filter((e) => e.room?.name === 'two')
        .map((e) => e.event),
      ['room_started', 'participant_joined'],
    );
    control.createRoom({ name: 'after-close' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(a.received.length, 3, 'nothing is sent after close');
  });

  test('an unreachable URL is retried, then dropped, without throwing', async () => {
    const control = new FakeRoomControl();
    const dead = await serveOnLoopback(async () => new Response('x'));
    const deadUrl = dead.url;
    await dead.close();
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const sender = createWebhookSender({
      control,
      keys,
      urls: [deadUrl],
      log: silentLogger,
      fetchImpl: countingFetch,
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    control.createRoom({ name: 'nobody-listens' });
    await sender.close();
    assert.equal(calls, 3);
  });
});
