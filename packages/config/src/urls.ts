import { SINGLE, sfuEnabled, type RunMode } from './mode';
import type { ErmineConfig } from './schema';
import { publicPrefix } from './services';

/** Every public URL clients are given. */
export interface PublicUrls {
  app: string;
  api: string;
  events: string;
  autumn: string;
  january: string;
  gifbox: string;
  /** Node name → public ws(s) URL of that LiveKit node (the embedded SFU's included). */
  livekit: Record<string, string>;
}

function trimSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The public base URL: `ermine.public_url`, else `http://localhost:<listenPort>`. */
export function publicBaseUrl(config: ErmineConfig, listenPort: number): string {
  return trimSlashes(config.ermine.public_url) || `http://localhost:${listenPort}`;
}

/**
 * Public URLs derived from `ermine.public_url` (none: `http://localhost:<listenPort>`), each at
 * its service's prefix in the catalogue: api at `/api`, events at `ws(s)://…/ws`, autumn, january
 * and gifbox under their names, and the SFU's node at `ws(s)://…/livekit` when it runs. An
 * explicit `[hosts]` value always wins.
 */
export function resolvePublicUrls(
  config: ErmineConfig,
  listenPort: number,
  mode: RunMode = SINGLE,
): PublicUrls {
  const base = publicBaseUrl(config, listenPort);
  // http → ws and https → wss
  const socket = base.replace(/^http/i, 'ws');
  const hosts = config.hosts;
  const pick = (explicit: string, derived: string) => trimSlashes(explicit) || derived;
  const livekit: Record<string, string> = {};
  for (const [name, url] of Object.entries(hosts.livekit)) {
    if (trimSlashes(url) !== '') livekit[name] = trimSlashes(url);
  }
  if (sfuEnabled(config, mode) && livekit[config.sfu.node] === undefined) {
    livekit[config.sfu.node] = `${socket}${publicPrefix('sfu')}`;
  }
  return {
    app: pick(hosts.app, base),
    api: pick(hosts.api, `${base}${publicPrefix('api')}`),
    events: pick(hosts.events, `${socket}${publicPrefix('events')}`),
    autumn: pick(hosts.autumn, `${base}${publicPrefix('autumn')}`),
    january: pick(hosts.january, `${base}${publicPrefix('january')}`),
    gifbox: `${base}${publicPrefix('gifbox')}`,
    livekit,
  };
}
