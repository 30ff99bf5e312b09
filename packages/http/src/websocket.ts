import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** How a service's WebSocket endpoint accepts connections. */
export interface WebSocketAcceptorOptions {
  /** The largest message accepted, in bytes: a bigger one closes the socket with 1009. */
  maxPayload: number;
  /**
   * Sends a protocol ping this often and ends a socket that has not answered the previous one
   * (a peer gone without closing); off when unset.
   */
  keepAliveMs?: number;
  /** Whether a browser's `Origin` may connect; any when unset (requests without one pass). */
  allowOrigin?: (origin: string) => boolean;
  /** Extra headers of the HTTP answer to a refused upgrade (e.g. CORS). */
  refusalHeaders?: Record<string, string>;
}

/** Refuses an upgrade before the handshake: the client gets `status` and `message` over HTTP. */
export class UpgradeRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UpgradeRefusal';
  }
}

/** A service's WebSocket endpoint: completes authorised upgrades and keeps the sockets. */
export interface WebSocketAcceptor {
  /**
   * Completes the upgrade once `authorize` resolves, then hands the socket and what `authorize`
   * resolved with to `open`. When `authorize` throws, the client gets an HTTP answer instead:
   * an `UpgradeRefusal`'s status and message, else 500.
   */
  accept<T>(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    authorize: () => T | Promise<T>,
    open: (ws: WebSocket, value: T) => void,
  ): void;
  /** Answers an upgrade with an HTTP error and closes the connection. */
  refuse(socket: Duplex, status: number, message: string): void;
  /** The open sockets. */
  readonly clients: ReadonlySet<WebSocket>;
  /** Ends every socket at once and stops keep-alive. */
  close(): void;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Writes an HTTP error answer on an upgrade's raw socket and closes it; `headers` go between
 * `Content-Length` and `Connection`.
 */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (socket.destroyed) return;
  const reason = STATUS_TEXT[status] ?? 'Error';
  const body = Buffer.from(message);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n` +
      `${extra}Connection: close\r\n\r\n${message}`,
  );
}

/** Builds a WebSocket endpoint (a `ws` server without its own listener). */
export function createWebSocketAcceptor(options: WebSocketAcceptorOptions): WebSocketAcceptor {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload,
    perMessageDeflate: false,
  });
  const refusalHeaders = options.refusalHeaders ?? {};
  const refuse = (socket: Duplex, status: number, message: string) =>
    refuseUpgrade(socket, status, message, refusalHeaders);
  const answered = new WeakSet<WebSocket>();
  let keepAlive: NodeJS.Timeout | null = null;
  if (options.keepAliveMs !== undefined && options.keepAliveMs > 0) {
    keepAlive = setInterval(() => {
      for (const ws of wss.clients) {
        if (!answered.has(ws)) {
          ws.terminate();
          continue;
        }
        answered.delete(ws);
        ws.ping();
      }
    }, options.keepAliveMs);
    keepAlive.unref();
  }

  return {
    accept(request, socket, head, authorize, open) {
      socket.on('error', () => socket.destroy());
      const origin = request.headers.origin;
      if (origin !== undefined && options.allowOrigin && !options.allowOrigin(origin)) {
        refuse(socket, 403, 'origin not allowed');
        return;
      }
      Promise.resolve()
        .then(authorize)
        .then(
          (value) => {
            wss.handleUpgrade(request, socket, head, (ws) => {
              answered.add(ws);
              ws.on('pong', () => answered.add(ws));
              // ws closes the socket itself on a protocol error (an oversize frame…); without
              // a listener the error event would crash the process.
              ws.on('error', () => {});
              open(ws, value);
            });
          },
          (error: unknown) => {
            if (error instanceof UpgradeRefusal) refuse(socket, error.status, error.message);
            else refuse(socket, 500, 'internal error');
          },
        );
    },
    refuse,
    clients: wss.clients,
    close() {
      if (keepAlive) clearInterval(keepAlive);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
