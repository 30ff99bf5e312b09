import type { Hono } from 'hono';
import type { ApiDeps } from '../deps';
import { rootRoutes } from './root/root-fetch';
import { onboardRoutes } from './onboard/onboard.routes';
import { usersRoutes } from './users/users.routes';
import { authRoutes } from './auth/auth-routes';

/** A route group: adds its routes to the API app. */
export type RouteGroup = (app: Hono, deps: ApiDeps) => void;

/** Every route group of the API, in mount order. */
const GROUPS: RouteGroup[] = [rootRoutes, authRoutes, onboardRoutes, usersRoutes];

/** Adds every route group to the API app. */
export function registerRoutes(app: Hono, deps: ApiDeps): void {
  for (const group of GROUPS) group(app, deps);
}
