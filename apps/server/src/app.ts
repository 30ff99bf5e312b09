import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import {
  applyLocalSecrets,
  ensureLocalSecrets,
  resolvePublicUrls,
  type ErmineConfig,
} from '@ermine/config';
import type { CoreDeps } from '@ermine/core';
import { SERVICE_NAMES, type ServiceModule, type ServiceName } from '@ermine/http';
import { systemClock, type Logger } from '@ermine/infra';
import { createDispatcher, standaloneHandlers } from './dispatch';
import { listen, type RunningServer } from './http-server';
import { buildInfra, dataDir } from './infra';
import { GUIDE_PORTS } from './routes';
import { buildServices } from './services';

/** How to run: every service on one port, or the named services each on its own port. */
export type RunMode = { kind: 'single' } | { kind: 'split'; services: ServiceName[] };

/** A running Ermine process. */
export interface RunningErmine {
  /** The public URL of the single process, or of the first split service. */
  url: string;
  /** Ports by service name (single process: every service on the same port). */
  ports: Partial<Record<ServiceName | 'all', number>>;
  /** Graceful shutdown: stop accepting, finish in-flight requests, close services and stores. */
  close(): Promise<void>;
}

/** Options of `startErmine`. */
export interface StartOptions {
  config: ErmineConfig;
  mode: RunMode;
  log: Logger;
  /** Overrides the listening port (single process, or a lone split service). */
  port?: number;
  host?: string;
}

/** Starts Ermine as one process or as the named split services, already validated. */
export async function startErmine(options: StartOptions): Promise<RunningErmine> {
  const { log, mode } = options;
  let config = options.config;
  if (mode.kind === 'single') config = await prepareDataFolder(config, log);
  const infra = await buildInfra(config, log);
  const servers: RunningServer[] = [];
  const services = new Map<ServiceName, ServiceModule>();
  const shutdown = async (graceMs?: number) => {
    await Promise.all(servers.map((s) => s.close(graceMs)));
    for (const service of services.values()) {
      await service.close().catch((err) => log.error({ err }, 'service close failed'));
    }
    await infra.close();
  };
  try {
    const deps: CoreDeps = { config, log, clock: systemClock, ...infra };
    const ports: RunningErmine['ports'] = {};
    let url: string;
    if (mode.kind === 'single') {
      const port = options.port ?? config.ermine.port;
      // Listen first so that a port of 0 is known before services derive public URLs from it;
      // the dispatcher reads the (still empty) map per request.
      const health = () => Response.json({ status: 'ok', services: [...services.keys()] });
      const server = await listen(createDispatcher(services, health), {
        port,
        host: options.host,
        log,
      });
      servers.push(server);
      ports.all = server.port;
      for (const [name, service] of await buildServices(SERVICE_NAMES, {
        config,
        deps,
        listenPort: server.port,
      })) {
        services.set(name, service);
      }
      url = resolvePublicUrls(config, server.port).app;
    } else {
      for (const name of mode.services) {
        const guide = GUIDE_PORTS[name];
        const port =
          mode.services.length === 1 && options.port !== undefined ? options.port : guide;
        const built = await buildServices([name], { config, deps, listenPort: port ?? 0 });
        const service = built.get(name);
        if (!service) continue;
        services.set(name, service);
        if (port === undefined) continue;
        const server = await listen(standaloneHandlers(service), { port, host: options.host, log });
        servers.push(server);
        ports[name] = server.port;
        log.info({ service: name, port: server.port }, `${name} listening`);
      }
      const first = Object.values(ports)[0];
      url = `http://localhost:${first ?? 0}`;
    }
    for (const service of services.values()) await service.start?.();
    return {
      url,
      ports,
      close: () => shutdown(),
    };
  } catch (err) {
    await shutdown(0);
    throw err;
  }
}

/** First run of the single process: create the data folder and its generated keys. */
async function prepareDataFolder(config: ErmineConfig, log: Logger): Promise<ErmineConfig> {
  const dir = dataDir(config);
  if (!existsSync(dir)) {
    log.info({ dir }, 'creating the data folder');
    await mkdir(dir, { recursive: true });
  }
  const secrets = await ensureLocalSecrets(dir, log);
  if (secrets.created)
    log.info({ file: secrets.file }, "generated this instance's keys (keep this file private)");
  return applyLocalSecrets(config, secrets);
}
