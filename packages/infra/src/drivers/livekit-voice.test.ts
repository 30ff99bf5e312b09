import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@ermine/infra';
import { createTwirpHandler } from '@ermine/service-sfu/twirp/room-service';
import { FakeRoomControl } from '@ermine/service-sfu/twirp/fake-room-control';
import { serveOnLoopback } from '@ermine/service-sfu/twirp/loopback-server';
import { createWebhookSender } from '@ermine/service-sfu/webhooks/webhook-sender';
import { VoiceError } from '../voice';
import { voiceCases, type RawWebhook, type VoiceHarness } from '../voice.case';
import { createLiveKitVoice } from './livekit-voice';

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

/** The embedded SFU's server API and webhooks over an in-memory RoomControl without media. */
async function embeddedHarness(): Promise<VoiceHarness> {
  const control = new FakeRoomControl();
  const inbox = await webhookInbox();
  const sender = createWebhookSender({ control, keys, urls: [inbox.url], log: silentLogger });
  const server = await serveOnLoopback(createTwirpHandler({ control, keys, log: silentLogger }));
  return {
    voice: createLiveKitVoice({ url: server.url, ...keys }),
    apiKey: keys.apiKey,
    wrongSecret: createLiveKitVoice({
      url: server.url,
      apiKey: keys.apiKey,
      apiSecret: 'x'.repeat(40),
    }),
    async join(room, identity) {
      control.join(room, identity);
      control.publish(room, identity, { type: 'audio', source: 'microphone' });
    },
    webhook: (match) => inbox.webhook(match),
    async close() {
      await sender.close();
      await server.close();
      await inbox.close();
    },
  };
}

voiceCases('livekit driver against the embedded server API (in-memory rooms)', embeddedHarness);

describe('livekit voice driver', () => {
  test('refuses a URL with a path, with the fix in the message', () => {
    assert.throws(
      () => createLiveKitVoice({ url: 'http://127.0.0.1:14700/livekit', ...keys }),
      /route \/twirp/,
    );
    assert.throws(() => createLiveKitVoice({ url: 'ftp://x', ...keys }), /http\(s\) or ws\(s\)/);
    assert.throws(() => createLiveKitVoice({ url: 'livekit:7880', ...keys }));
    createLiveKitVoice({ url: 'ws://127.0.0.1:7880/', ...keys });
  });

  test('an unreachable server is unavailable', async () => {
    const server = await serveOnLoopback(async () => new Response('x'));
    const url = server.url;
    await server.close();
    const voice = createLiveKitVoice({ url, ...keys, requestTimeoutSeconds: 2 });
    await assert.rejects(
      voice.listRooms(),
      (error: unknown) => error instanceof VoiceError && error.code === 'unavailable',
    );
  });

  test('a token needs a positive lifetime', async () => {
    const voice = createLiveKitVoice({ url: 'http://127.0.0.1:1', ...keys });
    await assert.rejects(
      voice.createToken({ identity: 'u', room: 'r', grants: { roomJoin: true }, ttlSeconds: 0 }),
      VoiceError,
    );
  });
});
