import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { REMOTE_ADDR_HEADER } from '@ermine/http/ratelimit';
import type { Logger } from '@ermine/infra';

// The peer-address header the rate limiter reads; any client-sent value is dropped first.
export { REMOTE_ADDR_HEADER };

/** What a listening HTTP server needs: a fetch handler and an optional upgrade handler. */
export interface HttpHandlers {
  fetch: (request: Request) => Response | Promise<Response>;
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/** A listening server that can be shut down gracefully. */
export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Replaces any client-sent copy of the peer-address header with the socket's real address.
 * Both header views are rewritten: the fetch adapter builds its Request from `rawHeaders`.
 */
function recordPeerAddress(req: IncomingMessage): void {
  const address = req.socket.remoteAddress ?? '';
  const raw = req.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== REMOTE_ADDR_HEADER) kept.push(raw[i] ?? '', raw[i + 1] ?? '');
  }
  kept.push(REMOTE_ADDR_HEADER, address);
  raw.splice(0, raw.length, ...kept);
  req.headers[REMOTE_ADDR_HEADER] = address;
}

/** Starts a Node HTTP server for `handlers` on `host:port` (port 0 picks a free one). */
export async function listen(
  handlers: HttpHandlers,
  options: { port: number; host?: string; log: Logger },
): Promise<RunningServer> {
  const listener = getRequestListener(handlers.fetch, {
    errorHandler: (err) => {
      options.log.error({ err }, 'request failed before reaching a service');
      return new Response(JSON.stringify({ type: 'InternalError', location: 'ermine' }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const server = createServer((req, res) => {
    recordPeerAddress(req);
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0 && drained) drained();
    });
    void listener(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!handlers.upgrade) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    recordPeerAddress(req);
    handlers.upgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const finish = () => {
          server.closeAllConnections();
          resolve();
        };
        if (inFlight === 0) return finish();
        drained = finish;
        setTimeout(finish, graceMs).unref();
      }),
  };
}
