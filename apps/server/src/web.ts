import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceModule } from '@ermine/http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/** Where the web client's files are (apps/web/public in this checkout). */
export const WEB_ROOT = fileURLToPath(new URL('../../web/public/', import.meta.url));

/**
 * Serves the web client: a file when the path names one, otherwise `index.html`
 * (the client routes on its own). Paths can't escape the root.
 */
export function createWebHandler(root: string = WEB_ROOT) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const path = decodeURIComponent(new URL(request.url).pathname);
    const target = normalize(join(root, path));
    const inside = target.startsWith(root.endsWith(sep) ? root : root + sep);
    const file = inside && (await isFile(target)) ? target : join(root, 'index.html');
    const data = await readFile(file);
    const isIndex = file.endsWith('index.html');
    return new Response(request.method === 'HEAD' ? null : data, {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': isIndex ? 'no-cache' : 'public, max-age=3600',
      },
    });
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The web client as a service of its own (port 5000 when split; the fallback route otherwise). */
export function createWebService(root: string = WEB_ROOT): ServiceModule {
  return { name: 'web', fetch: createWebHandler(root), close: async () => {} };
}
