import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { matchRoute, type ServiceName } from '@ermine/config';
import type { ServiceModule } from '@ermine/http';
import type { HttpHandlers } from './http-server';

/**
 * The single process's front door: the guide's route table on one port. A request under a
 * service's prefix reaches that service with the prefix stripped; the rest goes to the web client.
 */
export function createDispatcher(
  services: Map<ServiceName, ServiceModule>,
  health: () => Response | Promise<Response>,
): HttpHandlers {
  const web = (request: Request) =>
    services.get('web')?.fetch?.(request) ?? new Response('starting', { status: 503 });
  return {
    fetch: (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/health') return health();
      const match = matchRoute(url.pathname);
      if (!match) return web(request);
      const service = services.get(match.route.service);
      if (!service?.fetch) return web(request);
      url.pathname = match.rest;
      return service.fetch(new Request(url, request));
    },
    upgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = matchRoute(url.pathname);
      const service = match ? services.get(match.route.service) : undefined;
      if (!match || !service?.upgrade) {
        socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      service.upgrade(request, socket, head, match.rest);
    },
  };
}

/** Serves one service alone (split mode): its routes at the root of its own port. */
export function standaloneHandlers(service: ServiceModule): HttpHandlers {
  return {
    fetch: (request) =>
      service.fetch
        ? service.fetch(request)
        : new Response(JSON.stringify({ status: 'ok', service: service.name }), {
            headers: { 'content-type': 'application/json' },
          }),
    upgrade: service.upgrade
      ? (request, socket, head) => {
          const path = new URL(request.url ?? '/', 'http://localhost').pathname;
          service.upgrade?.(request, socket, head, path);
        }
      : undefined,
  };
}
