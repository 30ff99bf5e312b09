import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';

interface Root {
  revolt: string;
  ws: string;
  app: string;
  vapid: string;
  features: {
    email: boolean;
    invite_only: boolean;
    captcha: { enabled: boolean; key: string };
    autumn: { enabled: boolean; url: string };
    january: { enabled: boolean; url: string };
    livekit: {
      enabled: boolean;
      nodes: { name: string; lat: number; lon: number; public_url: string }[];
    };
    limits: { default: { message_length: number }; global: { body_limit_size: number } };
  };
  build: Record<string, string>;
}

describe('GET /', () => {
  let stack: ApiStack;
  before(async () => {
    stack = await createApiStack({
      config: {
        ermine: { public_url: 'https://chat.example.com/' },
        api: { livekit: { nodes: { worldwide: { lat: 51.5, lon: -0.12 } } } },
      },
    });
  });
  after(() => stack.close());

  test('derives every URL from the public URL, with no auth', async () => {
    const res = await stack.request<Root>('GET', '/');
    assert.equal(res.status, 200);
    const root = res.body;
    assert.equal(root.app, 'https://chat.example.com');
    assert.equal(root.ws, 'wss://chat.example.com/ws');
    assert.deepEqual(root.features.autumn, {
      enabled: true,
      url: 'https://chat.example.com/autumn',
    });
    assert.deepEqual(root.features.january, {
      enabled: true,
      url: 'https://chat.example.com/january',
    });
    assert.equal(root.features.email, false);
    assert.equal(root.features.invite_only, false);
    assert.equal(root.features.captcha.enabled, false);
    assert.equal(root.features.limits.default.message_length, 2000);
    assert.equal(typeof root.vapid, 'string');
    for (const key of ['commit_sha', 'commit_timestamp', 'semver', 'origin_url', 'timestamp']) {
      assert.equal(typeof root.build[key], 'string');
    }
  });

  test("lists the embedded SFU's node with its coordinates", async () => {
    const { body } = await stack.request<Root>('GET', '/');
    assert.equal(body.features.livekit.enabled, true);
    assert.deepEqual(body.features.livekit.nodes, [
      { name: 'worldwide', lat: 51.5, lon: -0.12, public_url: 'wss://chat.example.com/livekit' },
    ]);
  });

  test('without a public URL, URLs point at the listening port', async () => {
    const local = await createApiStack();
    try {
      const { body } = await local.request<Root>('GET', '/');
      const port = local.deps.listenPort;
      assert.equal(body.app, `http://localhost:${port}`);
      assert.equal(body.ws, `ws://localhost:${port}/ws`);
    } finally {
      await local.close();
    }
  });
});
