import type { ServiceName } from '@ermine/http';

/** One line of the guide's route table: a public prefix served by a service, prefix stripped. */
export interface Route {
  prefix: string;
  service: ServiceName;
  /** Pass the path on whole (default: strip the prefix). */
  keepPrefix?: boolean;
}

/** The guide's public routes, longest prefix first; everything else goes to the web client. */
export const ROUTE_TABLE: Route[] = [
  { prefix: '/january', service: 'january' },
  { prefix: '/livekit', service: 'sfu' },
  { prefix: '/ingress', service: 'voice-ingress' },
  { prefix: '/autumn', service: 'autumn' },
  { prefix: '/gifbox', service: 'gifbox' },
  { prefix: '/api', service: 'api' },
  { prefix: '/ws', service: 'events' },
  // LiveKit's server SDKs call `<origin>/twirp/...` whatever path their URL has, so the embedded
  // SFU's RoomService is also reachable at the root of the single process.
  { prefix: '/twirp', service: 'sfu', keepPrefix: true },
];

/** Each service's port when it runs alone (the guide's ports); crond and pushd serve none. */
export const GUIDE_PORTS: Partial<Record<ServiceName, number>> = {
  api: 14702,
  events: 14703,
  autumn: 14704,
  january: 14705,
  gifbox: 14706,
  'voice-ingress': 8500,
  sfu: 7880,
  web: 5000,
};

/** Finds the route for a path: `/api/users` → api with rest `/users`. */
export function matchRoute(pathname: string): { route: Route; rest: string } | null {
  for (const route of ROUTE_TABLE) {
    if (pathname !== route.prefix && !pathname.startsWith(route.prefix + '/')) continue;
    if (route.keepPrefix) return { route, rest: pathname };
    return { route, rest: pathname.slice(route.prefix.length) || '/' };
  }
  return null;
}
