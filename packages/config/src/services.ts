/** What a split service needs instead of an embedded driver of the single process. */
export type ServiceNeed = 'postgres' | 'redis' | 'rabbit' | 's3';

/** A public path prefix served by a service (the prefix is stripped unless `keepPrefix`). */
export interface ServiceRoute {
  prefix: string;
  /** Pass the path on whole (default: strip the prefix). */
  keepPrefix?: boolean;
}

/** One guide service: how it is named, reached, run alone, and described. */
export interface ServiceSpec {
  /** The name in Stoat's self-hosting guide. */
  guideName: string;
  /** One line for help texts. */
  description: string;
  /** Public prefixes in the route table; the first is the one public URLs are built on. */
  routes: readonly ServiceRoute[];
  /** Its port when it runs alone (the guide's); none for services that serve no HTTP. */
  port?: number;
  /** What it needs when split from the others. */
  needs: readonly ServiceNeed[];
  /** Stoat's demo secrets it would use if left at their defaults. */
  secrets?: readonly ('encryption_key' | 'vapid')[];
}

const SPLIT_DRIVERS = ['postgres', 'redis'] as const;

/**
 * The service catalogue: every guide service, in the order help texts list them. The config's
 * checks, the public URLs, the HTTP mounting, the route table and the CLI all read this.
 */
export const SERVICE_CATALOGUE = {
  api: {
    guideName: 'stoat-api',
    description: 'REST API',
    routes: [{ prefix: '/api' }],
    port: 14702,
    needs: [...SPLIT_DRIVERS, 'rabbit'],
    // It hands the VAPID public key to clients.
    secrets: ['vapid'],
  },
  events: {
    guideName: 'stoat-events',
    description: 'events WebSocket',
    routes: [{ prefix: '/ws' }],
    port: 14703,
    needs: SPLIT_DRIVERS,
  },
  autumn: {
    guideName: 'stoat-autumn',
    description: 'files',
    routes: [{ prefix: '/autumn' }],
    port: 14704,
    needs: [...SPLIT_DRIVERS, 's3'],
    secrets: ['encryption_key'],
  },
  january: {
    guideName: 'stoat-january',
    description: 'link embeds and media proxy',
    routes: [{ prefix: '/january' }],
    port: 14705,
    needs: SPLIT_DRIVERS,
  },
  gifbox: {
    guideName: 'stoat-gifbox',
    description: 'GIF search',
    routes: [{ prefix: '/gifbox' }],
    port: 14706,
    needs: SPLIT_DRIVERS,
  },
  crond: {
    guideName: 'stoat-crond',
    description: 'scheduled tasks',
    routes: [],
    // It deletes stored files, so it must see the same storage as autumn.
    needs: [...SPLIT_DRIVERS, 'rabbit', 's3'],
  },
  pushd: {
    guideName: 'stoat-pushd',
    description: 'push notifications',
    routes: [],
    needs: [...SPLIT_DRIVERS, 'rabbit'],
    secrets: ['vapid'],
  },
  'voice-ingress': {
    guideName: 'stoat-voice-ingress',
    description: 'LiveKit webhooks',
    routes: [{ prefix: '/ingress' }],
    port: 8500,
    needs: SPLIT_DRIVERS,
  },
  sfu: {
    guideName: 'stoat-livekit-server',
    description: 'voice and video (embedded LiveKit-compatible SFU)',
    routes: [
      { prefix: '/livekit' },
      // LiveKit's server SDKs call `<origin>/twirp/...` whatever path their URL has, so the
      // embedded SFU's RoomService is also reachable at the root of the single process.
      { prefix: '/twirp', keepPrefix: true },
    ],
    port: 7880,
    needs: [],
  },
  web: {
    guideName: 'stoat-web',
    description: 'web client (every path no other service claims)',
    routes: [],
    port: 5000,
    needs: [],
  },
} as const satisfies Record<string, ServiceSpec>;

/** A guide service's name (`api`, `events`, …, `sfu`, `web`). */
export type ServiceName = keyof typeof SERVICE_CATALOGUE;

/** Every service name, in catalogue order. */
export const SERVICES = Object.keys(SERVICE_CATALOGUE) as ServiceName[];

/** The catalogue entry of a service. */
export function serviceSpec(name: ServiceName): ServiceSpec {
  return SERVICE_CATALOGUE[name];
}

/** Narrows a user-given string to a service name. */
export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_CATALOGUE, name);
}

/** The services among `names` that need `what` when split. */
export function servicesNeeding(names: readonly ServiceName[], what: ServiceNeed): ServiceName[] {
  return names.filter((name) => serviceSpec(name).needs.includes(what));
}

/** The path a service's public URL is built on (`/api`, `/ws`, `/livekit`). */
export function publicPrefix(name: ServiceName): string {
  return serviceSpec(name).routes[0]?.prefix ?? '';
}

/** One line of the route table. */
export interface RouteEntry extends ServiceRoute {
  service: ServiceName;
}

/** The route table of the single process (and of a proxy in front of split services). */
export const ROUTE_TABLE: readonly RouteEntry[] = SERVICES.flatMap((service) =>
  serviceSpec(service).routes.map((route) => ({ ...route, service })),
).sort((a, b) => b.prefix.length - a.prefix.length);

/** Finds the route of a path: `/api/users` → api with rest `/users`; null for the web client. */
export function matchRoute(pathname: string): { route: RouteEntry; rest: string } | null {
  for (const route of ROUTE_TABLE) {
    if (pathname !== route.prefix && !pathname.startsWith(route.prefix + '/')) continue;
    if (route.keepPrefix) return { route, rest: pathname };
    return { route, rest: pathname.slice(route.prefix.length) || '/' };
  }
  return null;
}
