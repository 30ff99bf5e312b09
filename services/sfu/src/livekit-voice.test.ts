import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import { silentLogger } from '@ermine/infra';
import { createLiveKitVoice } from '@ermine/infra/drivers/livekit-voice';
import { voiceCases, type RawWebhook, type VoiceHarness } from '@ermine/infra/voice.case';
import { createSfuService, type SfuService } from './index';
import { createTwirpHandler } from './twirp/room-service';
import { ScriptedParticipant } from './testing/scripted-participant';
import { serveOnLoopback } from './testing/loopback-server';
import { createWebhookSender } from './webhooks/webhook-sender';

type WebhookMatch = Parameters<VoiceHarness['webhook']>[0];

/** Collects the webhooks a server posts to a loopback URL. */
async function webhookInbox() {
  const received: RawWebhook[] = [];
  const waiting: { match: WebhookMatch; resolve: (raw: RawWebhook) => void }[] = [];
  const parsed = (raw: RawWebhook) => JSON.parse(raw.body) as Parameters<WebhookMatch>[0];
  const server = await serveOnLoopback(async (request) => {
    const raw = { body: await request.text(), authorization: request.headers.get('authorization') };
    received.push(raw);
    for (const w of waiting.splice(0)) {
      if (w.match(parsed(raw))) w.resolve(raw);
      else waiting.push(w);
    }
    return new Response('ok');
  });
  return {
    url: `${server.url}/worldwide`,
    close: () => server.close(),
    webhook(match: WebhookMatch): Promise<RawWebhook> {
      const seen = received.find((raw) => match(parsed(raw)));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching webhook within 5 s')), 5000);
        waiting.push({
          match,
          resolve: (raw) => {
            clearTimeout(timer);
            resolve(raw);
          },
        });
      });
    },
  };
}

const keys = { apiKey: 'APIvoice', apiSecret: 'voice-secret-voice-secret-voice-secret' };

/** Serves the embedded SFU at the root of a random loopback port (fetch and WebSocket upgrades). */
async function serveSfu(sfu: SfuService): Promise<{ url: string; close(): Promise<void> }> {
  const fetchHandler = sfu.fetch;
  const upgrade = sfu.upgrade;
  assert.ok(fetchHandler && upgrade);
  const server = createServer(getRequestListener(async (request) => fetchHandler(request)));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(request, socket, head, new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The embedded SFU (real rooms and media) with its server API and webhooks. */
async function embeddedHarness(): Promise<VoiceHarness> {
  const inbox = await webhookInbox();
  const sfu = createSfuService({
    log: silentLogger,
    keys,
    network: { portRangeStart: 44000, portRangeEnd: 44999, nodeIp: '127.0.0.1', turnServers: [] },
    limits: { maxParticipants: 20, maxRooms: 50 },
    nodeName: 'contract',
    twirp: (control) => createTwirpHandler({ control, keys, log: silentLogger }),
  });
  const sender = createWebhookSender({
    control: sfu.control,
    keys,
    urls: [inbox.url],
    log: silentLogger,
  });
  const http = await serveSfu(sfu);
  const clients: ScriptedParticipant[] = [];
  return {
    voice: createLiveKitVoice({ url: http.url, ...keys }),
    apiKey: keys.apiKey,
    wrongSecret: createLiveKitVoice({
      url: http.url,
      apiKey: keys.apiKey,
      apiSecret: 'x'.repeat(40),
    }),
    async join(room, identity) {
      const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity, ttl: 60 });
      token.addGrant({ roomJoin: true, room });
      const client = await ScriptedParticipant.connect(
        http.url.replace('http', 'ws'),
        await token.toJwt(),
      );
      clients.push(client);
      await client.connected();
      await client.publishMicrophone();
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        const listed = (await sfu.control.listParticipants(room)).find(
          (p) => p.identity === identity,
        );
        if (listed?.tracks.some((t) => t.source === TrackSource.MICROPHONE)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.fail(`${identity} is not listed with a microphone`);
    },
    webhook: (match) => inbox.webhook(match),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sfu.close();
      await sender.close();
      await http.close();
      await inbox.close();
    },
  };
}

voiceCases('livekit driver against the embedded SFU', embeddedHarness);
