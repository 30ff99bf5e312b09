import type { Hono } from 'hono';
import { createServiceApp, type ServiceModule } from '@ermine/http';
import { rateLimit } from '@ermine/http/ratelimit';
import type { ApiDeps } from './deps';
import { registerRoutes } from './routes';

export type { ApiDeps } from './deps';

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
