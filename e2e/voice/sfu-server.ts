import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import { silentLogger, type Logger } from '@ermine/infra';
import { createSfuService, type SfuService } from '@ermine/service-sfu';

/** A standalone embedded SFU on a random loopback port, mounted at `/livekit` like the server does. */
export interface StandaloneSfu {
  sfu: SfuService;
  /** Base http URL of the process (pages are served from here too). */
  httpUrl: string;
  /** The LiveKit URL clients connect to (`ws://…/livekit`). */
  livekitUrl: string;
  server: Server;
  token(identity: string, grant: VideoGrant, name?: string): Promise<string>;
  /** Cuts every signalling WebSocket at the TCP level (what a network hiccup does). */
  dropSignalling(): void;
  close(): Promise<void>;
}

/** Logs to stderr (E2E_VERBOSE=1), else nothing. */
export function testLogger(bindings: Record<string, unknown> = {}): Logger {
  if (!process.env.E2E_VERBOSE) return silentLogger;
  const write = (level: string) => (obj: object | string, msg?: string) => {
    const fields = typeof obj === 'string' ? {} : obj;
    const text = typeof obj === 'string' ? obj : (msg ?? '');
    const err = (fields as { err?: unknown }).err;
    console.error(
      `[sfu ${level}] ${text}`,
      JSON.stringify({ ...bindings, ...fields, err: err instanceof Error ? err.stack : err }),
    );
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    child: (more) => testLogger({ ...bindings, ...more }),
  };
}

const KEYS = { apiKey: 'APIe2eKey', apiSecret: 'e2e-secret-that-is-long-enough-for-hs256' };

/** Extra routes served next to the SFU (test pages). */
export type PageRoutes = Record<string, { type: string; body: string | Buffer }>;

/** Starts the SFU behind a node http server that strips `/livekit`, plus static test pages. */
export async function startStandaloneSfu(options: {
  pages?: PageRoutes;
  log?: Logger;
  portRange?: [number, number];
  limits?: { maxParticipants: number; maxRooms: number };
  /** Media worker threads (default 0: rooms in this thread). */
  workers?: number;
}): Promise<StandaloneSfu> {
  const [portRangeStart, portRangeEnd] = options.portRange ?? [41000, 41999];
  const sfu = createSfuService({
    log: options.log ?? testLogger(),
    keys: KEYS,
    network: { portRangeStart, portRangeEnd, nodeIp: '127.0.0.1', turnServers: [] },
    limits: options.limits ?? { maxParticipants: 50, maxRooms: 20 },
    nodeName: 'e2e',
    workers: options.workers,
  });
  const pages = options.pages ?? {};
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = pages[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': page.type });
      res.end(page.body);
      return;
    }
    if (!url.pathname.startsWith('/livekit/') || !sfu.fetch) {
      res.writeHead(404).end();
      return;
    }
    const path = url.pathname.slice('/livekit'.length) + url.search;
    const request = new Request(`http://127.0.0.1${path}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([key, value]) =>
        value === undefined
          ? []
          : [[key, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      ),
    });
    Promise.resolve(sfu.fetch(request))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/livekit/') || !sfu.upgrade) {
      socket.destroy();
      return;
    }
    sfu.upgrade(req, socket, head, url.pathname.slice('/livekit'.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    sfu,
    server,
    httpUrl: `http://127.0.0.1:${port}`,
    livekitUrl: `ws://127.0.0.1:${port}/livekit`,
    async token(identity, grant, name) {
      const token = new AccessToken(KEYS.apiKey, KEYS.apiSecret, {
        identity,
        name: name ?? identity,
        ttl: 600,
      });
      token.addGrant(grant);
      return token.toJwt();
    },
    dropSignalling() {
      for (const socket of upgraded) socket.destroy();
    },
    async close() {
      await sfu.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The keys the standalone SFU verifies tokens with. */
export const STANDALONE_KEYS = KEYS;
