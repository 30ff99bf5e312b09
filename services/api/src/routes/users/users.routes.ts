import type { Hono } from 'hono';
import type { ApiDeps } from '../../deps';
import { defaultAvatarFetchRoute } from './default-avatar-fetch';
import { dmsFetchRoute } from './dms-fetch';
import { friendAddRoute } from './friend-add';
import { friendRemoveRoute } from './friend-remove';
import { friendRequestSendRoute } from './friend-request-send';
import { mutualFetchRoute } from './mutual-fetch';
import { profileFetchRoute } from './profile-fetch';
import { userBlockRoute } from './user-block';
import { userEditRoute } from './user-edit';
import { userFetchRoute } from './user-fetch';
import { userFetchSelfRoute } from './user-fetch-self';
import { userFlagsFetchRoute } from './user-flags-fetch';
import { userUnblockRoute } from './user-unblock';
import { usernameChangeRoute } from './username-change';

/** The `/users` group. Literal segments (`@me`, `dms`, `friend`) are added before `{target}`. */
export function usersRoutes(app: Hono, deps: ApiDeps): void {
  userFetchSelfRoute(app, deps);
  dmsFetchRoute(app, deps);
  friendRequestSendRoute(app, deps);
  usernameChangeRoute(app, deps);
  userFetchRoute(app, deps);
  userEditRoute(app, deps);
  userFlagsFetchRoute(app, deps);
  defaultAvatarFetchRoute(app, deps);
  profileFetchRoute(app, deps);
  mutualFetchRoute(app, deps);
  friendAddRoute(app, deps);
  friendRemoveRoute(app, deps);
  userBlockRoute(app, deps);
  userUnblockRoute(app, deps);
}
