import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SERVICES } from '@ermine/config';

/** The guide's service names (the config's list); each one is a folder under services/. */
export const SERVICE_NAMES = SERVICES;
export type ServiceName = (typeof SERVICE_NAMES)[number];

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
  /** Starts background work (consumers, timers) once the process is ready. */
  start?: () => Promise<void>;
  /** Stops accepting work and releases resources; in-flight work finishes first. */
  close: () => Promise<void>;
}
