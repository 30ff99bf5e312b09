// The embedded SFU's server side with LiveKit's own Node SDK: a livekit-client page in headless
// Chromium joins; RoomServiceClient (Twirp) lists, mutes and removes it; WebhookReceiver verifies
// every webhook the SFU posts. Media stays on 127.0.0.1: the file re-runs itself inside a
// loopback-only network namespace.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { Duplex } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import {
  AccessToken,
  RoomServiceClient,
  TrackSource,
  TrackType,
  WebhookReceiver,
  type WebhookEvent,
} from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import { createSfuService, type SfuService } from '@ermine/service-sfu';
import { createTwirpHandler } from '@ermine/service-sfu/twirp/room-service';
import {
  createWebhookSender,
  type WebhookSender,
} from '@ermine/service-sfu/webhooks/webhook-sender';
import { bundleLivekitClient, CLIENT_PAGE, launchMediaBrowser } from './client-page';
import { runsInsideLoopback } from './netns';
import { testLogger } from './sfu-server';

const THIS_FILE = fileURLToPath(import.meta.url);
const KEYS = { apiKey: 'APIserverSdk', apiSecret: 'server-sdk-e2e-secret-long-enough-for-hs256' };
const ROOM = 'server-sdk-room';

interface Delivery {
  body: string;
  authorization: string | null;
  contentType: string | null;
  event?: WebhookEvent;
  error?: string;
}

/** The SFU as the single process serves it: `/livekit/*` (prefix stripped), `/twirp/*`, test pages, webhooks. */
interface Stack {
  sfu: SfuService;
  sender: WebhookSender;
  server: Server;
  httpUrl: string;
  livekitUrl: string;
  webhookUrl: string;
  deliveries: Delivery[];
  close(): Promise<void>;
}

async function startStack(pages: Record<string, { type: string; body: string }>): Promise<Stack> {
  const log = testLogger();
  const sfu = createSfuService({
    log,
    keys: KEYS,
    network: { portRangeStart: 42000, portRangeEnd: 42999, nodeIp: '127.0.0.1', turnServers: [] },
    limits: { maxParticipants: 10, maxRooms: 10 },
    nodeName: 'e2e-server-sdk',
    twirp: (control) => createTwirpHandler({ control, keys: KEYS, log }),
    // Rooms in a media worker thread, as `ermine start` runs them: Twirp calls and webhook
    // events cross threads.
    workers: 1,
  });
  const fetchSfu = sfu.fetch;
  const upgrade = sfu.upgrade;
  assert.ok(fetchSfu && upgrade);
  const deliveries: Delivery[] = [];
  const receiver = new WebhookReceiver(KEYS.apiKey, KEYS.apiSecret);

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const page = pages[url.pathname];
    if (page) return new Response(page.body, { headers: { 'content-type': page.type } });
    if (url.pathname === '/hooks/worldwide' && request.method === 'POST') {
      const body = await request.text();
      const authorization = request.headers.get('authorization');
      const delivery: Delivery = {
        body,
        authorization,
        contentType: request.headers.get('content-type'),
      };
      try {
        delivery.event = await receiver.receive(body, authorization ?? undefined);
      } catch (error) {
        delivery.error = String(error);
      }
      deliveries.push(delivery);
      return new Response('ok');
    }
    // The server SDK always calls <origin>/twirp; clients use <origin>/livekit.
    if (url.pathname.startsWith('/twirp/')) return fetchSfu(request);
    if (url.pathname.startsWith('/livekit/')) {
      const inner = new URL(url.pathname.slice('/livekit'.length) + url.search, url.origin);
      return fetchSfu(new Request(inner, request));
    }
    return new Response('not found', { status: 404 });
  };
  const server = createServer(getRequestListener(handler));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.startsWith('/livekit/')) {
      socket.destroy();
      return;
    }
    upgrade(request, socket, head, path.slice('/livekit'.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const httpUrl = `http://127.0.0.1:${port}`;
  const sender = createWebhookSender({
    control: sfu.control,
    keys: KEYS,
    urls: [`${httpUrl}/hooks/worldwide`],
    log,
    retry: { attempts: 3, baseDelayMs: 100 },
  });
  return {
    sfu,
    sender,
    server,
    httpUrl,
    livekitUrl: `ws://127.0.0.1:${port}/livekit`,
    webhookUrl: `${httpUrl}/hooks/worldwide`,
    deliveries,
    async close() {
      await sfu.close();
      await sender.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (
  runsInsideLoopback({
    title: 'server SDK against the embedded SFU',
    file: THIS_FILE,
    chromium: true,
  })
) {
  describe(
    'livekit-server-sdk against the embedded SFU, with livekit-client in Chromium',
    { timeout: 240_000 },
    () => {
      let dir: string;
      let stack: Stack;
      let browser: Browser;
      let page: Page;
      let rooms: RoomServiceClient;

      before(async () => {
        dir = await mkdtemp(joinPath(tmpdir(), 'ermine-server-sdk-e2e-'));
        const bundle = await bundleLivekitClient(dir);
        stack = await startStack({
          '/': { type: 'text/html', body: CLIENT_PAGE },
          '/livekit-client.js': { type: 'text/javascript', body: bundle },
        });
        rooms = new RoomServiceClient(stack.httpUrl, KEYS.apiKey, KEYS.apiSecret);
        browser = await launchMediaBrowser();
        page = await browser.newPage();
        page.on('console', (message) => {
          if (message.type() === 'error' || process.env.E2E_VERBOSE)
            console.error(`[page] ${message.text()}`);
        });
        await page.goto(`${stack.httpUrl}/`);
      });

      after(async () => {
        await browser?.close();
        await stack?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      test('RoomServiceClient creates the room and sees the browser participant with its tracks', async () => {
        const created = await rooms.createRoom({
          name: ROOM,
          emptyTimeout: 300,
          metadata: '{"server":null}',
        });
        assert.equal(created.name, ROOM);

        const token = new AccessToken(KEYS.apiKey, KEYS.apiSecret, {
          identity: 'carol',
          name: 'Carol#0001',
          ttl: 10,
        });
        token.addGrant({
          roomJoin: true,
          room: ROOM,
          canPublish: true,
          canPublishData: false,
          canSubscribe: true,
          canPublishSources: [TrackSource.MICROPHONE, TrackSource.CAMERA],
        });
        const jwt = await token.toJwt();
        await harnessOf(page).join(stack.livekitUrl, jwt);
        await harnessOf(page).publishMicAndCamera();

        const listed = await until(async () => {
          const participants = await rooms.listParticipants(ROOM);
          const carol = participants.find((p) => p.identity === 'carol');
          return carol && carol.tracks.length === 2 ? carol : undefined;
        }, 'carol listed with two tracks');
        assert.equal(listed.name, 'Carol#0001');
        const camera = listed.tracks.find((t) => t.source === TrackSource.CAMERA);
        assert.ok(
          camera && camera.type === TrackType.VIDEO && camera.width > 0 && camera.height > 0,
        );
        assert.ok(
          listed.tracks.some(
            (t) => t.source === TrackSource.MICROPHONE && t.type === TrackType.AUDIO,
          ),
        );

        const [room] = await rooms.listRooms([ROOM]);
        assert.equal(room?.numParticipants, 1);
        assert.equal(room?.metadata, '{"server":null}');
      });

      test('MutePublishedTrack mutes the microphone of the browser', async () => {
        const carol = await rooms.getParticipant(ROOM, 'carol');
        const mic = carol.tracks.find((t) => t.source === TrackSource.MICROPHONE);
        assert.ok(mic);
        const muted = await rooms.mutePublishedTrack(ROOM, 'carol', mic.sid, true);
        assert.equal(muted.muted, true);
        await until(
          () => harnessOf(page).micMuted(),
          'the page sees its microphone muted by the server',
        );
        await until(async () => event('track_muted'), 'a track_muted webhook');
      });

      test('UpdateParticipant changes metadata and permissions', async () => {
        const updated = await rooms.updateParticipant(ROOM, 'carol', {
          metadata: '{"moderated":true}',
          permission: {
            canSubscribe: true,
            canPublish: true,
            canPublishSources: [TrackSource.MICROPHONE],
          },
        });
        assert.equal(updated.metadata, '{"moderated":true}');
        assert.deepEqual(updated.permission?.canPublishSources, [TrackSource.MICROPHONE]);
        // The camera is no longer allowed: the server unpublishes it.
        await until(async () => {
          const carol = await rooms.getParticipant(ROOM, 'carol');
          return !carol.tracks.some((t) => t.source === TrackSource.CAMERA);
        }, 'the camera is unpublished');
      });

      test('RemoveParticipant disconnects the browser', async () => {
        await rooms.removeParticipant(ROOM, 'carol');
        await until(async () => {
          const events = await harnessOf(page).events();
          return events.some((e) => e.startsWith('room-disconnected:'));
        }, 'the page is disconnected');
        assert.deepEqual(await rooms.listParticipants(ROOM), []);
        await rooms.deleteRoom(ROOM);
        assert.deepEqual(await rooms.listRooms([ROOM]), []);
      });

      test('every webhook verifies with WebhookReceiver and tells the story in order', async () => {
        await until(async () => event('room_finished'), 'a room_finished webhook');
        for (const delivery of stack.deliveries) {
          assert.equal(delivery.error, undefined, `a webhook did not verify: ${delivery.error}`);
          assert.equal(delivery.contentType, 'application/webhook+json');
        }
        const names: (string | undefined)[] = stack.deliveries.map((d) => d.event?.event);
        const order = [
          'room_started',
          'participant_joined',
          'track_published',
          'track_muted',
          'track_unpublished',
          'participant_left',
          'room_finished',
        ];
        let from = 0;
        for (const name of order) {
          const at = names.indexOf(name, from);
          assert.ok(
            at >= 0,
            `${name} after ${order[order.indexOf(name) - 1] ?? 'start'} (got ${names.join(', ')})`,
          );
          from = at;
        }
        const joined = stack.deliveries.find((d) => d.event?.event === 'participant_joined')?.event;
        assert.equal(joined?.participant?.identity, 'carol');
        assert.equal(joined?.room?.name, ROOM);
        const camera = stack.deliveries
          .map((d) => d.event)
          .find((e) => e?.event === 'track_published' && e.track?.source === TrackSource.CAMERA);
        assert.ok(
          camera?.track && camera.track.width > 0 && camera.track.height > 0,
          'camera webhook carries its size',
        );
        assert.equal(
          new Set(stack.deliveries.map((d) => d.event?.id)).size,
          stack.deliveries.length,
        );
      });

      function event(name: string): boolean {
        return stack.deliveries.some((d) => d.event?.event === name);
      }
    },
  );
}

/** What this file uses of the test page (see client-page.ts). */
interface PageHarness {
  events: string[];
  room: {
    localParticipant: { getTrackPublication(source: string): { isMuted: boolean } | undefined };
  };
  join(url: string, token: string): Promise<string>;
  publishMicAndCamera(): Promise<void>;
}

function harnessOf(page: Page) {
  return {
    join: (url: string, token: string) =>
      page.evaluate(
        ([u, t]) =>
          (window as unknown as { harness: PageHarness }).harness.join(u as string, t as string),
        [url, token],
      ),
    publishMicAndCamera: () =>
      page.evaluate(() =>
        (window as unknown as { harness: PageHarness }).harness.publishMicAndCamera(),
      ),
    events: () =>
      page.evaluate(() => (window as unknown as { harness: PageHarness }).harness.events),
    micMuted: () =>
      page.evaluate(
        () =>
          (
            window as unknown as { harness: PageHarness }
          ).harness.room.localParticipant.getTrackPublication('microphone')?.isMuted === true,
      ),
  };
}

/** Polls `check` until it returns something truthy (fails after `timeoutMs`). */
async function until<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
