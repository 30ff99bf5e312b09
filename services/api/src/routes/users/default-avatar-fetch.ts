import type { Hono } from 'hono';
import { DEFAULT_AVATAR_CACHE_CONTROL, defaultAvatarPng } from '@ermine/core/users/default-avatar';
import type { ApiDeps } from '../../deps';

/** `GET /users/{target}/default_avatar` (no auth) → the PNG picked by the id's last character. */
export function defaultAvatarFetchRoute(app: Hono, _deps: ApiDeps): void {
  app.get('/users/:target/default_avatar', (c) => {
    const png = defaultAvatarPng(c.req.param('target'));
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'cache-control': DEFAULT_AVATAR_CACHE_CONTROL,
    });
  });
}
