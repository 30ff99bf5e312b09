import type { ServiceHealth, ServiceModule, ServiceName } from '@ermine/http';

/** Why a service that isn't built yet answers 503. */
export const NOT_BUILT = 'not in this version of Ermine yet';

function body(name: ServiceName, message: string): string {
  return JSON.stringify({ type: 'NotYetAvailable', service: name, message, location: 'ermine' });
}

/** A service that answers every request and WebSocket upgrade with a 503 JSON error. */
function unavailable(name: ServiceName, message: string, health: ServiceHealth): ServiceModule {
  const text = body(name, message);
  return {
    name,
    fetch: async () =>
      new Response(text, {
        status: 503,
        headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      }),
    upgrade: (_request, socket) => {
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    },
    health: () => health,
    close: async () => {},
  };
}

/**
 * Stands in for a service that isn't built yet: every request, and every WebSocket upgrade,
 * gets a clear 503 JSON error instead of a 404 page; `/health` reports it unavailable.
 */
export function createPlaceholderService(name: ServiceName): ServiceModule {
  return unavailable(name, `The ${name} service is not available in this version of Ermine yet.`, {
    status: 'unavailable',
    reason: NOT_BUILT,
  });
}

/** Stands in for a service switched off by the config (`reason` says which key). */
export function createDisabledService(name: ServiceName, reason: string): ServiceModule {
  return unavailable(name, `The ${name} service is off here: ${reason}.`, {
    status: 'disabled',
    reason,
  });
}
