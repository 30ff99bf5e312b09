import type { ErmineConfig } from './schema';

/** How Ermine runs: every service in one process, or the named services in this process. */
export type RunMode = { kind: 'single' } | { kind: 'split'; services: readonly string[] };

/** The single process. */
export const SINGLE: RunMode = { kind: 'single' };

/** The services `--service` accepts. */
export const SERVICES = [
  'api',
  'events',
  'autumn',
  'january',
  'gifbox',
  'crond',
  'pushd',
  'voice-ingress',
  'sfu',
  'web',
] as const;

/**
 * Whether Ermine's own SFU serves voice for this deployment: `[sfu] enabled` when set, else on
 * in the single process and, for split services, only in the process that runs `--service sfu`.
 */
export function sfuEnabled(config: ErmineConfig, mode: RunMode = SINGLE): boolean {
  if (config.sfu.enabled !== undefined) return config.sfu.enabled;
  return mode.kind === 'single' || mode.services.includes('sfu');
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
