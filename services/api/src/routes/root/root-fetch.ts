import type { Hono } from 'hono';
import { resolvePublicUrls, type ErmineConfig } from '@ermine/config';
import type { ApiDeps } from '../../deps';

/** The Stoat API version Ermine's wire protocol follows (clients display it). */
export const STOAT_API_VERSION = '0.15.1';
/** Ermine's own version, reported in `build.semver`. */
export const ERMINE_VERSION = '0.1.0';

const STARTED = new Date().toISOString();

/** The LiveKit nodes clients may pick from: every public configured node, plus the embedded SFU's. */
function livekitNodes(config: ErmineConfig, urls: Record<string, string>) {
  return Object.entries(urls)
    .filter(([name]) => config.api.livekit.nodes[name]?.private !== true)
    .map(([name, publicUrl]) => {
      const node = config.api.livekit.nodes[name];
      return { name, lat: node?.lat ?? 0, lon: node?.lon ?? 0, public_url: publicUrl };
    });
}

/** `GET /` → Stoat's `RevoltConfig`, every URL derived from the configured public URL. */
export function rootConfig(config: ErmineConfig, listenPort: number) {
  const urls = resolvePublicUrls(config, listenPort);
  const captcha = config.api.security.captcha;
  const limits = config.features.limits;
  return {
    revolt: STOAT_API_VERSION,
    features: {
      captcha: { enabled: captcha.hcaptcha_key !== '', key: captcha.hcaptcha_sitekey },
      email: config.api.smtp.host !== '',
      invite_only: config.api.registration.invite_only,
      autumn: { enabled: true, url: urls.autumn },
      january: { enabled: true, url: urls.january },
      livekit: {
        enabled: Object.keys(urls.livekit).length > 0,
        nodes: livekitNodes(config, urls.livekit),
      },
      limits: { global: limits.global, new_user: limits.new_user, default: limits.default },
      legal_links: config.features.legal_links,
    },
    ws: urls.events,
    app: urls.app,
    vapid: config.pushd.vapid.public_key,
    build: {
      commit_sha: '',
      commit_timestamp: '',
      semver: ERMINE_VERSION,
      origin_url: '',
      timestamp: STARTED,
    },
  };
}

/** Mounts `GET /` (no auth). */
export function rootRoutes(app: Hono, deps: ApiDeps): void {
  app.get('/', (c) => c.json(rootConfig(deps.config, deps.listenPort)));
}
