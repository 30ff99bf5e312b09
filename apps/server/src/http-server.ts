import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { REMOTE_ADDR_HEADER } from '@ermine/http/ratelimit';
import type { Logger } from '@ermine/infra';
import { fail } from '@ermine/result';
import { StartupError } from './startup-error';

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
  /** The bound address and port, e.g. `0.0.0.0:14700` or `[::]:14700`. */
  address: string;
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

/** Methods the fetch adapter cannot represent (a `Request` refuses them): answered 405 here. */
const REFUSED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * Answers the requests no service can be given, in Stoat's error format: a method that
 * `Request` refuses (405), a path whose percent-encoding is malformed (400). True when answered.
 */
function refuse(req: IncomingMessage, res: ServerResponse): boolean {
  let status = 0;
  let error = '';
  if (REFUSED_METHODS.has(req.method ?? '')) {
    status = 405;
    error = `the ${req.method} method is not allowed`;
  } else if (!decodablePath(req.url ?? '/')) {
    status = 400;
    error = 'the path has a malformed percent-encoding';
  }
  if (status === 0) return false;
  const body = JSON.stringify(fail('FailedValidation', { error }, status).toBody());
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'access-control-allow-origin': '*',
    ...(status === 405 ? { allow: ALLOW } : {}),
  });
  res.end(body);
  return true;
}

function decodablePath(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The one line an operator sees when the server cannot listen. */
function listenError(err: NodeJS.ErrnoException, port: number, host?: string): Error {
  const where = host ? `${host}:${port}` : `port ${port} (all interfaces)`;
  const fix = 'choose another with --port N (or [ermine] port)';
  switch (err.code) {
    case 'EADDRINUSE':
      return new StartupError(
        `${where} is already in use by another program (or another Ermine); stop it, or ${fix}`,
      );
    case 'EACCES':
      return new StartupError(
        `cannot listen on ${where}: permission denied (ports below 1024 need privileges); ${fix}`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(
        `cannot listen on ${where}: ${host} is not an address of this machine; fix --host (or [ermine] host), or leave it empty for all interfaces`,
      );
    default:
      return err;
  }
}

/** `0.0.0.0:14700`, `[::]:14700`. */
function formatAddress(info: AddressInfo): string {
  return info.family === 'IPv6' ? `[${info.address}]:${info.port}` : `${info.address}:${info.port}`;
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
    if (refuse(req, res)) return;
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
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(listenError(err, options.port, options.host)),
    );
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const info = server.address() as AddressInfo;
  return {
    server,
    port: info.port,
    address: formatAddress(info),
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
