import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { silentLogger } from '@ermine/infra';
import type { ServiceModule as Service, ServiceName } from '@ermine/http';
import { createDispatcher } from './dispatch';
import { listen, REMOTE_ADDR_HEADER } from './http-server';
import { healthReport } from './health';
import { createDisabledService, createPlaceholderService } from './placeholder';
import { StartupError } from './startup-error';

function echoService(name: ServiceName): Service {
  return {
    name,
    fetch: async (req) => {
      const url = new URL(req.url);
      return Response.json({
        service: name,
        path: url.pathname,
        query: url.search,
        method: req.method,
        body: req.body ? await req.text() : null,
        remote: req.headers.get(REMOTE_ADDR_HEADER),
      });
    },
    upgrade: (_req, socket, _head, path) => {
      socket.end(
        `HTTP/1.1 101 Switching Protocols\r\nx-service: ${name}\r\nx-path: ${path}\r\n\r\n`,
      );
    },
    close: async () => {},
  };
}

describe('single-process dispatcher', () => {
  async function start() {
    const services = new Map<ServiceName, Service>();
    for (const name of ['api', 'events', 'sfu', 'web'] as const)
      services.set(name, echoService(name));
    services.set('autumn', createPlaceholderService('autumn'));
    const server = await listen(
      createDispatcher(services, () => Response.json({ status: 'ok' })),
      { port: 0, host: '127.0.0.1', log: silentLogger },
    );
    return { server, base: `http://127.0.0.1:${server.port}` };
  }

  test('routes by prefix, strips it, passes method, query and body, and records the peer address', async () => {
    const { server, base } = await start();
    try {
      const res = await fetch(`${base}/api/auth/session/login?x=1`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { [REMOTE_ADDR_HEADER]: '10.9.9.9' },
      });
      const body = (await res.json()) as Record<string, string>;
      assert.deepEqual(body, {
        service: 'api',
        path: '/auth/session/login',
        query: '?x=1',
        method: 'POST',
        body: '{"a":1}',
        remote: '127.0.0.1',
      });
      const web = (await (await fetch(`${base}/server/abc`)).json()) as Record<string, string>;
      assert.equal(web.service, 'web');
      assert.equal(web.path, '/server/abc');
      const health = await fetch(`${base}/health`);
      assert.deepEqual(await health.json(), { status: 'ok' });
    } finally {
      await server.close();
    }
  });

  test('a service that does not exist yet answers 503 NotYetAvailable, also for upgrades', async () => {
    const { server, base } = await start();
    try {
      const res = await fetch(`${base}/autumn/attachments`, { method: 'POST', body: 'x' });
      assert.equal(res.status, 503);
      const body = (await res.json()) as { type: string; service: string };
      assert.equal(body.type, 'NotYetAvailable');
      assert.equal(body.service, 'autumn');
      const head = await rawUpgrade(server.port, '/autumn/x');
      assert.match(head, /^HTTP\/1\.1 503/);
    } finally {
      await server.close();
    }
  });

  test('WebSocket upgrades reach the service with the prefix stripped', async () => {
    const { server } = await start();
    try {
      const head = await rawUpgrade(server.port, '/livekit/rtc?access_token=x');
      assert.match(head, /x-service: sfu/);
      assert.match(head, /x-path: \/rtc/);
      const ws = await rawUpgrade(server.port, '/ws?version=1');
      assert.match(ws, /x-service: events/);
      assert.match(ws, /x-path: \//);
      const none = await rawUpgrade(server.port, '/nothing');
      assert.match(none, /^HTTP\/1\.1 404/);
    } finally {
      await server.close();
    }
  });
});

describe('requests no service can take', () => {
  test("a malformed percent-encoding is 400 and TRACE is 405, in Stoat's format, never reaching a service", async () => {
    let reached = 0;
    const server = await listen(
      {
        fetch: () => {
          reached++;
          return new Response('ok');
        },
      },
      { port: 0, host: '127.0.0.1', log: silentLogger },
    );
    try {
      for (const path of ['/%ZZ', '/api/%ZZ', '/api/users/%E0%A4%A']) {
        const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
        assert.equal(res.status, 400, path);
        assert.equal(((await res.json()) as { type: string }).type, 'FailedValidation');
      }
      const trace = await rawRequest(server.port, 'TRACE / HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.match(trace, /^HTTP\/1\.1 405/);
      assert.match(trace, /allow: GET/i);
      assert.match(trace, /"type":"FailedValidation"/);
      assert.equal(reached, 0);
      assert.equal(await (await fetch(`http://127.0.0.1:${server.port}/%20ok`)).text(), 'ok');
    } finally {
      await server.close();
    }
  });

  test('a port in use is one line naming it and --port', async () => {
    const first = await listen(
      { fetch: () => new Response('') },
      { port: 0, host: '127.0.0.1', log: silentLogger },
    );
    try {
      await assert.rejects(
        listen(
          { fetch: () => new Response('') },
          { port: first.port, host: '127.0.0.1', log: silentLogger },
        ),
        (err: unknown) =>
          err instanceof StartupError &&
          err.message.includes(`127.0.0.1:${first.port}`) &&
          err.message.includes('--port') &&
          !err.message.includes('EADDRINUSE'),
      );
      assert.equal(first.address, `127.0.0.1:${first.port}`);
    } finally {
      await first.close();
    }
  });
});

describe('health', () => {
  const ok = echoService('api');
  test('services not built yet make the process degraded (still serving); a failing one fails it', async () => {
    const services = new Map<ServiceName, Service>([
      ['api', ok],
      ['autumn', createPlaceholderService('autumn')],
      ['sfu', createDisabledService('sfu', 'off')],
    ]);
    const names: ServiceName[] = ['api', 'autumn', 'sfu'];
    const report = await healthReport('ready', names, services);
    assert.equal(report.status, 'degraded');
    assert.deepEqual(report.services.api, { status: 'ok' });
    assert.equal(report.services.autumn?.status, 'unavailable');
    assert.equal(report.services.sfu?.status, 'disabled');
    assert.equal((await healthReport('ready', ['api', 'sfu'], services)).status, 'ok');
    assert.equal(
      (await healthReport('starting', names, new Map())).services.api?.status,
      'unavailable',
    );
    const broken: Service = { ...ok, health: () => ({ status: 'unavailable', reason: 'db down' }) };
    assert.equal(
      (await healthReport('ready', ['api'], new Map([['api', broken]]))).status,
      'failing',
    );
    const hanging: Service = { ...ok, health: () => new Promise(() => {}) };
    const slow = await healthReport('ready', ['api'], new Map([['api', hanging]]));
    assert.equal(slow.status, 'failing');
    assert.match(slow.services.api?.reason ?? '', /health check/);
  });
});

describe('graceful close', () => {
  test('lets an in-flight request finish, then stops accepting', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let arrived: () => void = () => {};
    const reached = new Promise<void>((r) => (arrived = r));
    const server = await listen(
      {
        fetch: async () => {
          arrived();
          await gate;
          return new Response('finished');
        },
      },
      { port: 0, host: '127.0.0.1', log: silentLogger },
    );
    const inFlight = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/' }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    // Close only once the request is in flight (an idle connection would just be closed).
    await reached;
    const closed = server.close(5000);
    setTimeout(release, 100);
    assert.equal(await inFlight, 'finished');
    await closed;
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/`));
  });
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.includes('}')) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(data));
  });
}

function rawUpgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    let data = '';
    socket.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(data));
  });
}
