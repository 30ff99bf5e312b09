import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { silentLogger } from '@ermine/infra';
import { chunkedUpload } from '@ermine/testing/chunked-upload';
import { createServiceApp } from './app';
import { readBodyWithin, readJson } from './body';

function streamOf(chunks: number[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(0x61));
      controller.close();
    },
  });
}

const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  new Request('http://localhost/', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

describe('readBodyWithin', () => {
  test('reads a streamed body up to the cap', async () => {
    const body = await readBodyWithin(post(streamOf([400, 400, 200])), 1000);
    assert.equal(body?.byteLength, 1000);
  });

  test('null as soon as the cap is passed, without reading the rest', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(100));
      },
    });
    assert.equal(await readBodyWithin(post(endless), 1000), null);
    assert.ok(pulled <= 12, `pulled ${pulled} chunks`);
  });

  test('null for a declared Content-Length over the cap; an empty body for none', async () => {
    assert.equal(await readBodyWithin(post('x'.repeat(10)), 5), null);
    const empty = await readBodyWithin(new Request('http://localhost/'), 5);
    assert.equal(empty?.byteLength, 0);
  });
});

describe('service apps cap every body while it streams', () => {
  let server: Server;
  let url: string;
  before(async () => {
    const app = createServiceApp({ name: 'api', log: silentLogger, maxBodyBytes: 64 * 1024 });
    app.post('/echo', async (c) => c.json({ got: await readJson(c) }));
    app.post('/ignore', (c) => c.json({ ok: true }));
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const route of ['/echo', '/ignore']) {
    test(`${route}: a chunked body over the cap → 413 RequestTooLarge before it is all sent`, async () => {
      const outcome = await chunkedUpload(`${url}${route}`, { totalBytes: 64 * 1024 * 1024 });
      assert.ok(
        outcome.sentBeforeAnswer < 16 * 1024 * 1024,
        `answered after ${outcome.sentBeforeAnswer} bytes`,
      );
      assert.equal(outcome.status, 413);
      assert.equal((JSON.parse(outcome.body) as { type: string }).type, 'RequestTooLarge');
    });
  }

  test('a declared length over the cap → 413; a body within it reaches the route', async () => {
    const big = await fetch(`${url}/echo`, { method: 'POST', body: 'x'.repeat(65 * 1024) });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { type: string }).type, 'RequestTooLarge');
    const small = await fetch(`${url}/echo`, { method: 'POST', body: '{"a":1}' });
    assert.deepEqual(await small.json(), { got: { a: 1 } });
  });
});
