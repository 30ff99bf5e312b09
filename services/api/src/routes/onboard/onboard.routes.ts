import type { Hono } from 'hono';
import type { ApiDeps } from '../../deps';
import { onboardCompleteRoute } from './onboard-complete';
import { onboardHelloRoute } from './onboard-hello';

/** The `/onboard` group: choosing a username after registering. */
export function onboardRoutes(app: Hono, deps: ApiDeps): void {
  onboardHelloRoute(app, deps);
  onboardCompleteRoute(app, deps);
}
