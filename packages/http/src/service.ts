import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SERVICES, type ServiceName } from '@ermine/config';

/** The guide's service names, from the config's service catalogue. */
export const SERVICE_NAMES = SERVICES;
export type { ServiceName };

/** A service's own view of its state, as `/health` reports it. */
export interface ServiceHealth {
  /** ok: serving; unavailable: not serving (not built yet, or failing); disabled: off by config. */
  status: 'ok' | 'unavailable' | 'disabled';
  /** Why it is not ok. */
  reason?: string;
}

/**
 * What every service module exports from `createXService(deps)`. The composition root either
 * mounts it under its public prefix (prefix stripped) or serves it alone on its guide port.
 */
export interface ServiceModule {
  name: ServiceName;
  /** Handles an HTTP request whose URL path is already relative to the service's prefix. */
  fetch?: (request: Request) => Response | Promise<Response>;
  /** Handles a WebSocket upgrade; `path` is relative to the service's prefix. */
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer, path: string) => void;
  /** Its state for `/health` (default: ok); answered within a couple of seconds. */
  health?: () => ServiceHealth | Promise<ServiceHealth>;
  /** Starts background work (consumers, timers) once the process is ready. */
  start?: () => Promise<void>;
  /** Stops accepting work and releases resources; in-flight work finishes first. */
  close: () => Promise<void>;
}
