import { sfuEnabled, type ErmineConfig } from '@ermine/config';
import type { CoreDeps } from '@ermine/core';
import type { ServiceModule, ServiceName } from '@ermine/http';
import { createApiService } from '@ermine/service-api';
import { createEmbeddedSfu } from '@ermine/service-sfu/embedded';
import { createDisabledService, createPlaceholderService } from './placeholder';
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
  sfu: (ctx) =>
    sfuEnabled(ctx.config)
      ? createEmbeddedSfu(ctx.config, ctx.deps.log)
      : createDisabledService(
          'sfu',
          'voice runs on the LiveKit nodes of [api.livekit.nodes] ([sfu] enabled = false)',
        ),
};

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
