import { Hono } from 'hono';
import type { Logger } from '@ermine/infra';
import { bodyCap, JSON_BODY_MAX_BYTES } from './body';
import { onError, onNotFound } from './errors';
import type { ServiceName } from './service';

/** Headers Stoat exposes to browsers on every response. */
export const EXPOSED_HEADERS = [
  'X-Ratelimit-Limit',
  'X-Ratelimit-Bucket',
  'X-Ratelimit-Remaining',
  'X-Ratelimit-Reset-After',
];

const ALLOWED_METHODS = 'GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH';

/** Options of a service's HTTP app. */
export interface ServiceAppOptions {
  name: ServiceName;
  log: Logger;
  /** Largest request body accepted, in bytes (default 1 MiB, Stoat's JSON limit). */
  maxBodyBytes?: number;
}

/**
 * A Hono app with the conventions every service shares: CORS like Stoat's (any origin,
 * rate-limit headers exposed), body-size limit, Stoat error bodies, and `GET /health`.
 */
export function createServiceApp(options: ServiceAppOptions): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin') ?? '*';
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': ALLOWED_METHODS,
          'access-control-allow-headers': c.req.header('access-control-request-headers') ?? '*',
          'access-control-max-age': '86400',
          vary: 'Origin',
        },
      });
    }
    await next();
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.set('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
    c.res.headers.append('vary', 'Origin');
  });
  app.use('*', bodyCap(options.maxBodyBytes ?? JSON_BODY_MAX_BYTES));
  app.get('/health', (c) => c.json({ status: 'ok', service: options.name }));
  app.onError(onError(options.log));
  app.notFound(onNotFound);
  return app;
}
