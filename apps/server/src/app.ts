import {
  applyLocalSecrets,
  ensureLocalSecrets,
  resolvePublicUrls,
  serviceSpec,
  SERVICES,
  type ErmineConfig,
  type RunMode,
  type ServiceName,
} from '@ermine/config';
import type { CoreDeps } from '@ermine/core';
import type { ServiceModule } from '@ermine/http';
import { systemClock, type Logger } from '@ermine/infra';
import { openDataFolder, type DataFolderLock } from './data-folder';
import { createDispatcher, standaloneHandlers } from './dispatch';
import { processHealth, type Phase } from './health';
import { listen, type RunningServer } from './http-server';
import { buildInfra, dataDir } from './infra';
import { buildServices } from './services';
import { StartupError, describeFsError } from './startup-error';

/** A running Ermine process. */
export interface RunningErmine {
  /** The public URL of the single process, or of the first split service. */
  url: string;
  /** Ports by service name (single process: every service on the same port). */
  ports: Partial<Record<ServiceName | 'all', number>>;
  /** Bound addresses by service name, e.g. `0.0.0.0:14700` (single process: `all`). */
  addresses: Partial<Record<ServiceName | 'all', string>>;
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
  /** Overrides `[ermine] host`, the address to listen on (empty: all interfaces). */
  host?: string;
}

/** Starts Ermine as one process or as the named split services, already validated. */
export async function startErmine(options: StartOptions): Promise<RunningErmine> {
  const { log, mode } = options;
  let config = options.config;
  const host = (options.host ?? config.ermine.host) || undefined;
  let folder: DataFolderLock | null = null;
  if (mode.kind === 'single') {
    folder = openDataFolder(dataDir(config), log);
    try {
      config = await prepareSecrets(config, log);
    } catch (err) {
      folder.release();
      throw err;
    }
  }
  const servers: RunningServer[] = [];
  const services = new Map<ServiceName, ServiceModule>();
  let phase: Phase = 'starting';
  let infra: Awaited<ReturnType<typeof buildInfra>> | null = null;
  const shutdown = async (graceMs?: number) => {
    phase = 'stopping';
    await Promise.all(servers.map((s) => s.close(graceMs)));
    for (const service of services.values()) {
      await service.close().catch((err) => log.error({ err }, 'service close failed'));
    }
    await infra?.close();
    folder?.release();
  };
  try {
    const ports: RunningErmine['ports'] = {};
    const addresses: RunningErmine['addresses'] = {};
    // The single process listens first: a port in use stops the start before storage is
    // opened, and a port of 0 is known before services derive public URLs from it. The
    // dispatcher reads the (still empty) map per request.
    const single =
      mode.kind === 'single'
        ? await listen(
            createDispatcher(services, () => processHealth(phase, SERVICES, services)),
            { port: options.port ?? config.ermine.port, host, log },
          )
        : null;
    if (single) servers.push(single);
    infra = await buildInfra(config, log);
    const deps: CoreDeps = { config, log, clock: systemClock, ...infra };
    let url: string;
    if (single) {
      const server = single;
      ports.all = server.port;
      addresses.all = server.address;
      for (const [name, service] of await buildServices(SERVICES, {
        config,
        deps,
        listenPort: server.port,
      })) {
        services.set(name, service);
      }
      url = resolvePublicUrls(config, server.port).app;
    } else {
      const names = mode.kind === 'split' ? mode.services : [];
      for (const name of names) {
        const guide = serviceSpec(name).port;
        const port = names.length === 1 && options.port !== undefined ? options.port : guide;
        const built = await buildServices([name], { config, deps, listenPort: port ?? 0 });
        const service = built.get(name);
        if (!service) continue;
        services.set(name, service);
        if (port === undefined) continue;
        const server = await listen(standaloneHandlers(service), { port, host, log });
        servers.push(server);
        ports[name] = server.port;
        addresses[name] = server.address;
        log.info(
          { service: name, port: server.port, address: server.address },
          `${name} listening`,
        );
      }
      const first = Object.values(ports)[0];
      url = `http://localhost:${first ?? 0}`;
    }
    for (const service of services.values()) await service.start?.();
    phase = 'ready';
    return {
      url,
      ports,
      addresses,
      close: () => shutdown(),
    };
  } catch (err) {
    await shutdown(0);
    throw err;
  }
}

/** First run of the single process: generate the instance's keys into the data folder. */
async function prepareSecrets(config: ErmineConfig, log: Logger): Promise<ErmineConfig> {
  const dir = dataDir(config);
  let secrets: Awaited<ReturnType<typeof ensureLocalSecrets>>;
  try {
    secrets = await ensureLocalSecrets(dir, log);
  } catch (err) {
    throw new StartupError(
      `cannot keep this instance's keys in ${dir}: ${describeFsError(err)}; make the data folder writable by this user, or choose another with --data DIR`,
    );
  }
  if (secrets.created)
    log.info({ file: secrets.file }, "generated this instance's keys (keep this file private)");
  return applyLocalSecrets(config, secrets);
}
