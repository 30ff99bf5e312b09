import type { Hono } from 'hono';
import { createServiceApp, type ServiceModule } from '@ermine/http';
import { rateLimit } from '@ermine/http/ratelimit';
import type { CoreDeps } from '@ermine/core';
import { registerRoutes } from './routes';

/** What the API service needs: the core's ports plus the port it is served on. */
export interface ApiDeps extends CoreDeps {
  /** The port the process listens on (to derive default public URLs). */
  listenPort: number;
}

/** The REST API (Stoat's delta), mounted at `/api` or served alone on 14702. */
export function createApiService(deps: ApiDeps): ServiceModule {
  const app: Hono = createServiceApp({ name: 'api', log: deps.log });
  app.use('*', rateLimit(deps));
  registerRoutes(app, deps);
  return {
    name: 'api',
    fetch: (request) => app.fetch(request),
    close: async () => {},
  };
}
