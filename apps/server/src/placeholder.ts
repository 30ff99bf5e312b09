import type { ServiceModule, ServiceName } from '@ermine/http';

function body(name: ServiceName): string {
  return JSON.stringify({
    type: 'NotYetAvailable',
    service: name,
    message: `The ${name} service is not available in this version of Ermine yet.`,
    location: 'ermine',
  });
}

/**
 * Stands in for a service that isn't built yet: every request, and every WebSocket upgrade,
 * gets a clear 503 JSON error instead of a 404 page.
 */
export function createPlaceholderService(name: ServiceName): ServiceModule {
  return {
    name,
    fetch: async () =>
      new Response(body(name), {
        status: 503,
        headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      }),
    upgrade: (_request, socket) => {
      const text = body(name);
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    },
    close: async () => {},
  };
}
