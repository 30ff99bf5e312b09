// The embedded SFU with the unmodified npm livekit-client in headless Chromium: two participants
// publish microphone and camera, receive each other, mute, share a screen and leave. Every WebRTC
// packet stays on 127.0.0.1: the file re-runs itself inside a loopback-only network namespace.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { bundleLivekitClient, CLIENT_PAGE, launchMediaBrowser } from './client-page';
import { runsInsideLoopback } from './netns';
import { startStandaloneSfu, type StandaloneSfu } from './sfu-server';
import { sleep } from '@ermine/infra/wait';

const THIS_FILE = fileURLToPath(import.meta.url);

interface Inbound {
  identity: string;
  source: string;
  kind: string;
  bytes: number;
  packets: number;
  frames: number;
  width: number;
  height: number;
  codec: string;
  muted: boolean;
}

if (runsInsideLoopback({ title: 'embedded SFU in Chromium', file: THIS_FILE, chromium: true })) {
  describe('embedded SFU with livekit-client in Chromium', { timeout: 240_000 }, () => {
    let dir: string;
    let sfu: StandaloneSfu;
    let browser: Browser;
    let alice: Page;
    let bob: Page;

    before(async () => {
      dir = await mkdtemp(joinPath(tmpdir(), 'ermine-sfu-e2e-'));
      const bundle = await bundleLivekitClient(dir);
      sfu = await startStandaloneSfu({
        pages: {
          '/': { type: 'text/html', body: CLIENT_PAGE },
          '/livekit-client.js': { type: 'text/javascript', body: bundle },
        },
        // Rooms in a media worker thread, as `ermine start` runs them.
        workers: 1,
      });
      browser = await launchMediaBrowser();
      alice = await openPage(browser, sfu);
      bob = await openPage(browser, sfu);
    });

    after(async () => {
      await browser?.close();
      await sfu?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('two participants publish microphone and camera and receive each other', async () => {
      const grant = { roomJoin: true, room: 'e2e-room' };
      await join(alice, sfu, await sfu.token('alice', grant));
      await alice.evaluate(() => window.harness.publishMicAndCamera());
      await join(bob, sfu, await sfu.token('bob', grant));
      await bob.evaluate(() => window.harness.publishMicAndCamera());
      for (const [page, other] of [
        [alice, 'bob'],
        [bob, 'alice'],
      ] as const) {
        const first = await waitForInbound(page, other, (list) => {
          const audio = pick(list, 'microphone');
          const video = pick(list, 'camera');
          return !!audio && audio.bytes > 0 && !!video && video.frames > 0;
        });
        const [audio1, video1] = [pick(first, 'microphone', other), pick(first, 'camera', other)];
        // Both keep flowing: the counts rise within a few seconds (a CPU-starved browser can go
        // a couple of seconds without decoding a frame, so one fixed 2 s sample was not enough).
        const second = await waitForInbound(
          page,
          other,
          (list) =>
            (pick(list, 'microphone')?.bytes ?? 0) > (audio1?.bytes ?? Infinity) &&
            (pick(list, 'camera')?.frames ?? 0) > (video1?.frames ?? Infinity),
          10_000,
        );
        const [audio2, video2] = [pick(second, 'microphone', other), pick(second, 'camera', other)];
        assert.ok(audio1 && audio2 && audio2.bytes > audio1.bytes, `${other}'s audio bytes rise`);
        assert.ok(
          video1 && video2 && video2.frames > video1.frames,
          `${other}'s video frames rise`,
        );
        assert.ok(video2.width > 0 && video2.height > 0, 'video has a size');
        if (process.env.E2E_VERBOSE) console.error('inbound', JSON.stringify(second));
      }
      // The best layer that arrives is forwarded: once alice's browser sends its top simulcast
      // layer, bob receives that one (the SFU switches up on a key frame). "Sending" means the
      // encoding's byte count grew over the last half second (a CPU-starved browser may pause it).
      const deadline = Date.now() + 30_000;
      let top = 0;
      let received = 0;
      let previous = new Map<string, number>();
      while (Date.now() < deadline) {
        const sent = (await alice.evaluate(() => window.harness.outbound())).filter(
          (o) => o.kind === 'video',
        );
        const flowing = sent.filter(
          (o) => (o.bytes ?? 0) > (previous.get(o.rid ?? '') ?? Infinity),
        );
        previous = new Map(sent.map((o) => [o.rid ?? '', o.bytes ?? 0]));
        top = Math.max(0, ...flowing.map((o) => o.w ?? 0));
        received = pick(await inbound(bob), 'camera', 'alice')?.width ?? 0;
        if (top >= 320 && received === top) break;
        await sleep(500);
      }
      assert.ok(
        top >= 320 && received === top,
        `bob receives alice's top layer (${received} of ${top} px wide)`,
      );
      if (process.env.E2E_VERBOSE) console.error(`top layer forwarded: ${received} px wide`);
    });

    test('mute and unmute are seen by the other participant', async () => {
      await alice.evaluate(() => window.harness.setMicMuted(true));
      await waitForEvent(bob, 'muted:alice:microphone');
      await alice.evaluate(() => window.harness.setMicMuted(false));
      await waitForEvent(bob, 'unmuted:alice:microphone');
      await bob.evaluate(() => window.harness.setCameraMuted(true));
      await waitForEvent(alice, 'muted:bob:camera');
      await bob.evaluate(() => window.harness.setCameraMuted(false));
      await waitForEvent(alice, 'unmuted:bob:camera');
      // Video flows again after the unmute.
      const before = pick(await inbound(alice), 'camera', 'bob')?.frames ?? 0;
      await waitForInbound(
        alice,
        'bob',
        (list) => (pick(list, 'camera')?.frames ?? 0) > before + 5,
      );
    });

    test('a screen share with its audio is received', async () => {
      await alice.evaluate(() => window.harness.publishScreen());
      await waitForEvent(bob, 'subscribed:alice:screen_share');
      await waitForEvent(bob, 'subscribed:alice:screen_share_audio');
      const list = await waitForInbound(bob, 'alice', (items) => {
        const video = pick(items, 'screen_share');
        const audio = pick(items, 'screen_share_audio');
        return !!video && video.frames > 3 && !!audio && audio.bytes > 0;
      });
      const screen = pick(list, 'screen_share');
      assert.ok(screen && screen.width > 0, 'screen share frames decoded');
      await alice.evaluate(() => window.harness.unpublishScreen());
      await waitForEvent(bob, 'unsubscribed:alice:screen_share');
    });

    test('H.264 video is forwarded as H.264', async () => {
      const carol = await openPage(browser, sfu);
      await join(carol, sfu, await sfu.token('carol', { roomJoin: true, room: 'e2e-room' }));
      await carol.evaluate(() => window.harness.publishCamera('h264'));
      const list = await waitForInbound(
        alice,
        'carol',
        (items) => (pick(items, 'camera')?.frames ?? 0) > 5,
      );
      assert.equal(pick(list, 'camera')?.codec, 'video/H264');
      await carol.evaluate(() => window.harness.leave());
      await waitForEvent(alice, 'disconnected:carol');
      await carol.close();
    });

    test('after a signalling drop the client rejoins in full and media flows again', async () => {
      sfu.dropSignalling();
      await waitForEvent(alice, 'reconnected', 30_000);
      await waitForEvent(bob, 'reconnected', 30_000);
      const remotes = await alice.evaluate(() => window.harness.remotes());
      assert.deepEqual(
        remotes.map((r) => r.identity),
        ['bob'],
        'the old session was replaced, not doubled',
      );
      const before = pick(await inbound(alice), 'camera', 'bob')?.frames ?? 0;
      await waitForInbound(
        alice,
        'bob',
        (list) => (pick(list, 'camera')?.frames ?? 0) > before + 10,
        30_000,
      );
      await waitForInbound(
        bob,
        'alice',
        (list) => (pick(list, 'microphone')?.bytes ?? 0) > 0,
        30_000,
      );
    });

    test('leaving is seen by the other participant', async () => {
      await bob.evaluate(() => window.harness.leave());
      await waitForEvent(alice, 'disconnected:bob');
      const remotes = await alice.evaluate(() => window.harness.remotes());
      assert.deepEqual(remotes, []);
    });
  });
}

declare global {
  interface Window {
    harness: {
      events: string[];
      join(url: string, token: string): Promise<string>;
      publishMicAndCamera(): Promise<void>;
      publishCamera(videoCodec: string): Promise<void>;
      setMicMuted(muted: boolean): Promise<void>;
      setCameraMuted(muted: boolean): Promise<void>;
      publishScreen(): Promise<void>;
      unpublishScreen(): Promise<void>;
      inbound(): Promise<Inbound[]>;
      outbound(): Promise<{ kind?: string; rid?: string; bytes?: number; w?: number }[]>;
      remotes(): {
        identity: string;
        tracks: { source: string; muted: boolean; subscribed: boolean }[];
      }[];
      leave(): Promise<void>;
    };
  }
}

async function openPage(browser: Browser, sfu: StandaloneSfu): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error' && !process.env.E2E_VERBOSE) return;
    void Promise.all(
      message
        .args()
        .map((arg) =>
          arg
            .evaluate((v) =>
              v instanceof Error
                ? v.stack
                : v instanceof Object
                  ? JSON.stringify(v, (k, x) => (x instanceof Error ? x.message : x))
                  : String(v),
            )
            .catch(() => '?'),
        ),
    ).then((args) => console.error(`[page ${message.type()}] ${args.join(' ')}`));
  });
  await page.goto(`${sfu.httpUrl}/`);
  return page;
}

async function join(page: Page, sfu: StandaloneSfu, token: string): Promise<void> {
  await page.evaluate(
    ([url, t]) => window.harness.join(url as string, t as string),
    [sfu.livekitUrl, token],
  );
}

function inbound(page: Page): Promise<Inbound[]> {
  return page.evaluate(() => window.harness.inbound());
}

function pick(list: Inbound[], source: string, identity?: string): Inbound | undefined {
  return list.find(
    (item) => item.source === source && (identity === undefined || item.identity === identity),
  );
}

async function waitForInbound(
  page: Page,
  identity: string,
  ok: (list: Inbound[]) => boolean,
  timeoutMs = 20_000,
): Promise<Inbound[]> {
  const deadline = Date.now() + timeoutMs;
  let last: Inbound[] = [];
  while (Date.now() < deadline) {
    last = (await inbound(page)).filter((item) => item.identity === identity);
    if (ok(last)) return last;
    await sleep(250);
  }
  assert.fail(`media from ${identity} did not arrive in time: ${JSON.stringify(last)}`);
}

async function waitForEvent(page: Page, event: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const events = await page.evaluate(() => window.harness.events);
    if (events.includes(event)) return;
    await sleep(100);
  }
  const events = await page.evaluate(() => window.harness.events);
  assert.fail(`event ${event} not seen; got ${events.join(' ')}`);
}
