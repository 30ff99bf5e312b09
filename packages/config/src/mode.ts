import { availableParallelism } from 'node:os';
import type { ErmineConfig } from './schema';
import type { ServiceName } from './services';

/** How Ermine runs: every service in one process, or the named services in this process. */
export type RunMode = { kind: 'single' } | { kind: 'split'; services: readonly ServiceName[] };

/** The single process. */
export const SINGLE: RunMode = { kind: 'single' };

/**
 * Whether Ermine's own SFU serves voice for this deployment: `[sfu] enabled` when set, else on
 * in the single process and, for split services, only in the process that runs `--service sfu`.
 */
export function sfuEnabled(config: ErmineConfig, mode: RunMode = SINGLE): boolean {
  if (config.sfu.enabled !== undefined) return config.sfu.enabled;
  return mode.kind === 'single' || mode.services.includes('sfu');
}

/** The number of media worker threads of the embedded SFU: `[sfu] workers`, else one per spare core. */
export function sfuWorkers(config: ErmineConfig, cores = availableParallelism()): number {
  if (config.sfu.workers !== undefined) return config.sfu.workers;
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * A copy of the config with `[sfu] enabled` settled for this mode, so that later calls that are
 * not given the mode (`resolvePublicUrls(config, port)`, `applyLocalSecrets`) behave as in it.
 */
export function settleForMode(config: ErmineConfig, mode: RunMode): ErmineConfig {
  const out = structuredClone(config);
  out.sfu.enabled = sfuEnabled(config, mode);
  return out;
}
