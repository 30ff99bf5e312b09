import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocket, type ClientOptions } from 'ws';
import { createWebSocketAcceptor, UpgradeRefusal, type WebSocketAcceptor } from './websocket';

const opened: string[] = [];

/** A loopback HTTP server whose upgrades go through `acceptor`; resolves with its ws:// URL. */
async function serve(acceptor: WebSocketAcceptor): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const token = new URL(request.url ?? '/', 'http://x').searchParams.get('token');
    const authorize = async () => {
      if (token === 'crash') throw new Error('secret detail');
      if (token !== 'good') throw new UpgradeRefusal(401, 'bad token');
      return { user: 'U1' };
    };
    acceptor.accept(request, socket, head, authorize, (ws, { user }) => {
      opened.push(user);
      ws.on('message', (data) => ws.send(`echo ${String(data)}`));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws` };
}

let acceptor: WebSocketAcceptor;
let server: Server;
let url: string;

before(async () => {
  acceptor = createWebSocketAcceptor({
    maxPayload: 1024,
    allowOrigin: (origin) => origin === 'https://allowed.example',
    refusalHeaders: { 'X-Refused-By': 'test' },
  });
  ({ server, url } = await serve(acceptor));
});

after(() => {
  acceptor.close();
  server.close();
});

/** Opens a client and resolves once it is open. */
async function connect(
  query: string,
  options: ClientOptions = {},
  at: string = url,
): Promise<WebSocket> {
  const ws = new WebSocket(`${at}?${query}`, options);
  await once(ws, 'open');
  return ws;
}

/** The HTTP answer to a refused upgrade: status, a header and the body. */
async function refusal(query: string, options: ClientOptions = {}) {
  const ws = new WebSocket(`${url}?${query}`, options);
  const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return { status: res.statusCode, refusedBy: res.headers['x-refused-by'], body };
}

describe('createWebSocketAcceptor', () => {
  test('an authorised upgrade opens with what authorize resolved', async () => {
    const ws = await connect('token=good');
    assert.deepEqual(opened.at(-1), 'U1');
    ws.send('hi');
    const [data] = await once(ws, 'message');
    assert.equal(String(data), 'echo hi');
    ws.close();
  });

  test('a refusal answers over HTTP with its status and text; other errors are a bare 500', async () => {
    assert.deepEqual(await refusal('token=nope'), {
      status: 401,
      refusedBy: 'test',
      body: 'bad token',
    });
    assert.deepEqual(await refusal('token=crash'), {
      status: 500,
      refusedBy: 'test',
      body: 'internal error',
    });
  });

  test('a browser origin that is not allowed is refused before authorising', async () => {
    const refused = await refusal('token=good', { origin: 'https://evil.example' });
    assert.equal(refused.status, 403);
    const ws = await connect('token=good', { origin: 'https://allowed.example' });
    ws.close();
  });

  test('a message over maxPayload closes the socket with 1009', async () => {
    const ws = await connect('token=good');
    ws.send('x'.repeat(1025));
    const [code] = (await once(ws, 'close')) as [number];
    assert.equal(code, 1009);
  });

  test('keep-alive pings; a peer that never answers is dropped, one that answers stays', async () => {
    const pinging = createWebSocketAcceptor({ maxPayload: 1024, keepAliveMs: 500 });
    const own = await serve(pinging);
    try {
      const live = await connect('token=good', {}, own.url);
      const silent = await connect('token=good', { autoPong: false }, own.url);
      let pings = 0;
      live.on('ping', () => pings++);
      const [code] = (await once(silent, 'close')) as [number];
      assert.equal(code, 1006);
      assert.ok(pings >= 1);
      assert.equal(live.readyState, WebSocket.OPEN);
      live.close();
    } finally {
      pinging.close();
      own.server.close();
    }
  });
});
