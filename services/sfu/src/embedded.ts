import { sfuWorkers, type ErmineConfig } from '@ermine/config';
import type { Logger } from '@ermine/infra';
import { createSfuService, type SfuService } from './index';
import { createTwirpHandler } from './twirp/room-service';
import { createWebhookSender } from './webhooks/webhook-sender';

/**
 * The embedded SFU of a deployment, built from its config: it serves `[sfu] node` with that
 * node's key and secret (generated ones in the single process), LiveKit's Twirp RoomService,
 * LiveKit-style webhooks to `[sfu] webhook_urls`, and `GET /health` as JSON.
 */
export function createEmbeddedSfu(config: ErmineConfig, log: Logger): SfuService {
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
  const serve = sfu.fetch;
  return {
    ...sfu,
    fetch: (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/health' && request.method === 'GET') {
        return Response.json(
          { status: 'ok', service: 'sfu' },
          { headers: { 'access-control-allow-origin': '*' } },
        );
      }
      return serve ? serve(request) : new Response(null, { status: 404 });
    },
    health: () => ({ status: 'ok' }),
    close: async () => {
      await sfu.close();
      await hooks.close();
    },
  };
}
