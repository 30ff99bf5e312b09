import { sfuEnabled, sfuWorkers, type ErmineConfig } from '@ermine/config';
import type { CoreDeps } from '@ermine/core';
import type { ServiceModule, ServiceName } from '@ermine/http';
import { createApiService } from '@ermine/service-api';
import { createSfuService } from '@ermine/service-sfu';
import { createTwirpHandler } from '@ermine/service-sfu/twirp/room-service';
import { createWebhookSender } from '@ermine/service-sfu/webhooks/webhook-sender';
import { createPlaceholderService } from './placeholder';
import { createWebService } from './web';

/** Everything a service may be built from. */
export interface ServiceContext {
  config: ErmineConfig;
  deps: CoreDeps;
  /** The port the process listens on (public URLs default to it). */
  listenPort: number;
}

type Factory = (ctx: ServiceContext) => ServiceModule | Promise<ServiceModule>;

/** The services that exist so far; the rest answer "not yet available". */
const FACTORIES: Partial<Record<ServiceName, Factory>> = {
  api: (ctx) => createApiService({ ...ctx.deps, listenPort: ctx.listenPort }),
  web: () => createWebService(),
  sfu: (ctx) => (sfuEnabled(ctx.config) ? createEmbeddedSfu(ctx) : createPlaceholderService('sfu')),
};

/**
 * The embedded SFU serving `[sfu] node` with that node's key and secret (generated ones in the
 * single process), its Twirp RoomService, and LiveKit-style webhooks to `[sfu] webhook_urls`.
 */
function createEmbeddedSfu(ctx: ServiceContext): ServiceModule {
  const { config } = ctx;
  const log = ctx.deps.log;
  const node = config.api.livekit.nodes[config.sfu.node];
  if (!node?.key || !node.secret) {
    throw new Error(
      `the embedded SFU serves node "${config.sfu.node}" but [api.livekit.nodes.${config.sfu.node}] has no key/secret`,
    );
  }
  const keys = { apiKey: node.key, apiSecret: node.secret };
  const workers = sfuWorkers(config);
  const sfu = createSfuService({
    log,
    keys,
    nodeName: config.sfu.node,
    network: {
      portRangeStart: config.sfu.port_range_start,
      portRangeEnd: config.sfu.port_range_end,
      nodeIp: config.sfu.node_ip,
      turnServers: config.sfu.turn_servers,
    },
    limits: { maxParticipants: config.sfu.max_participants, maxRooms: config.sfu.max_rooms },
    twirp: (control) => createTwirpHandler({ control, keys, log }),
    workers,
  });
  const hooks = createWebhookSender({
    control: sfu.control,
    keys,
    urls: config.sfu.webhook_urls,
    log,
  });
  log.info(
    {
      node: config.sfu.node,
      udp: `${config.sfu.port_range_start}-${config.sfu.port_range_end}`,
      workers,
    },
    'embedded SFU ready',
  );
  return {
    ...sfu,
    close: async () => {
      await sfu.close();
      await hooks.close();
    },
  };
}

/** Builds the named services (placeholders where a service isn't built yet). */
export async function buildServices(
  names: readonly ServiceName[],
  ctx: ServiceContext,
): Promise<Map<ServiceName, ServiceModule>> {
  const out = new Map<ServiceName, ServiceModule>();
  for (const name of names) {
    const factory = FACTORIES[name];
    out.set(name, factory ? await factory(ctx) : createPlaceholderService(name));
  }
  return out;
}
