import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VoiceError } from '../voice';
import { createLiveKitVoice } from './livekit-voice';

// The voice contract against a LiveKit-compatible server runs in services/sfu
// (livekit-voice.test.ts), which serves the embedded SFU for it.

const keys = { apiKey: 'APIvoice', apiSecret: 'voice-secret-voice-secret-voice-secret' };

/** A loopback URL nothing listens on any more. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

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
    const url = await closedUrl();
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
