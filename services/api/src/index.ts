import type { Hono } from 'hono';
import { createServiceApp, type ServiceHealth, type ServiceModule } from '@ermine/http';
import { rateLimit } from '@ermine/http/ratelimit';
import type { ApiDeps } from './deps';
import { registerRoutes } from './routes';

export type { ApiDeps } from './deps';

/** Ok when the database answers a read (what every route needs), else why not. */
async function storageHealth(deps: ApiDeps): Promise<ServiceHealth> {
  try {
    await deps.db.users.findById('00000000000000000000000000');
    return { status: 'ok' };
  } catch (err) {
    deps.log.warn({ err }, 'health check: the database did not answer');
    return { status: 'unavailable', reason: 'the database does not answer' };
  }
}

/** The REST API (Stoat's delta), mounted at `/api` or served alone on 14702. */
export function createApiService(deps: ApiDeps): ServiceModule {
  const app: Hono = createServiceApp({ name: 'api', log: deps.log });
  app.use('*', rateLimit(deps));
  registerRoutes(app, deps);
  return {
    name: 'api',
    fetch: (request) => app.fetch(request),
    health: () => storageHealth(deps),
    close: async () => {},
  };
}
