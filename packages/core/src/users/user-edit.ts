import type { StoredFile, UserPatch, UserProfile, UserRow, UserStatus } from '@ermine/database';
import { fail } from '@ermine/result';
import type { DataEditUser, FieldsUser, PartialUser, User } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { findUserOrFail } from './user-fetch';
import { presentFile, presentStatus } from './user-present';
import { publishUserUpdate } from './user-update-publish';
import { viewSelf } from './user-view';

/** The ports an edit needs. */
export type EditUserDeps = Pick<CoreDeps, 'db' | 'bus' | 'cache' | 'config'>;

/**
 * Turns an Autumn file id into the stored file for an avatar or background. Autumn files are
 * not stored by this server yet, so every id is unknown (Stoat answers UnknownAttachment).
 */
async function useFile(
  _deps: EditUserDeps,
  _id: string,
  _tag: 'avatars' | 'backgrounds',
): Promise<StoredFile> {
  throw fail('UnknownAttachment');
}

/** Who may edit whom: yourself, a bot you own, or anyone when privileged. */
async function editableTarget(
  deps: EditUserDeps,
  actor: UserRow,
  target: string,
): Promise<UserRow> {
  if (target === '@me' || target === actor.id) return actor;
  const user = await findUserOrFail(deps, target);
  if (user.bot?.owner !== actor.id && !actor.privileged) throw fail('NotPrivileged');
  return user;
}

function isEmptyEdit(data: DataEditUser): boolean {
  return (
    data.display_name == null &&
    data.pronouns == null &&
    data.avatar == null &&
    data.status == null &&
    data.profile == null &&
    data.badges == null &&
    data.flags == null &&
    (data.remove ?? []).length === 0
  );
}

function emptyToNull<T extends object>(value: T): T | null {
  return Object.values(value).some((v) => v !== undefined && v !== null) ? value : null;
}

/** Applies `remove` to a copy of the row's optional fields (Stoat removes before it merges). */
function removeFields(row: UserRow, remove: FieldsUser[]): UserRow {
  const next: UserRow = {
    ...row,
    status: row.status ? { ...row.status } : null,
    profile: row.profile ? { ...row.profile } : null,
  };
  for (const field of remove) {
    if (field === 'Avatar') next.avatar = null;
    if (field === 'DisplayName') next.displayName = null;
    if (field === 'Pronouns') next.pronouns = null;
    if (field === 'StatusText' && next.status) delete next.status.text;
    if (field === 'StatusPresence' && next.status) delete next.status.presence;
    if (field === 'ProfileContent' && next.profile) delete next.profile.content;
    if (field === 'ProfileBackground' && next.profile) delete next.profile.background;
  }
  next.status = next.status && emptyToNull(next.status);
  next.profile = next.profile && emptyToNull(next.profile);
  return next;
}

/**
 * `PATCH /users/{target}`: edits yourself (or a bot you own; anyone when privileged), merging
 * `status` and `profile` into the current values, then publishes `UserUpdate`. Returns the
 * self view of the edited user.
 */
export async function editUser(
  deps: EditUserDeps,
  actor: UserRow,
  target: string,
  data: DataEditUser,
): Promise<User> {
  if (!actor.privileged && (data.badges != null || data.flags != null)) {
    throw fail('NotPrivileged');
  }
  const before = await editableTarget(deps, actor, target);
  if (isEmptyEdit(data)) return viewSelf(deps, before);

  const remove = (data.remove ?? []).filter((f) => f !== 'Internal');
  // Files first: an unknown file aborts the whole edit before anything is written.
  const avatar = data.avatar != null ? await useFile(deps, data.avatar, 'avatars') : undefined;
  const background =
    data.profile?.background != null
      ? await useFile(deps, data.profile.background, 'backgrounds')
      : undefined;

  const after = removeFields(before, remove);
  const changed: PartialUser = {};
  if (data.display_name != null) after.displayName = changed.display_name = data.display_name;
  if (data.pronouns != null) after.pronouns = changed.pronouns = data.pronouns;
  if (avatar) {
    after.avatar = avatar;
    changed.avatar = presentFile(avatar);
  }
  if (data.status != null) {
    const status: UserStatus = { ...after.status };
    if (data.status.text != null) status.text = data.status.text;
    if (data.status.presence != null) status.presence = data.status.presence;
    after.status = emptyToNull(status);
    const wire = presentStatus(after.status, true);
    if (wire) changed.status = wire;
  }
  if (data.profile != null) {
    const profile: UserProfile = { ...after.profile };
    if (data.profile.content != null) profile.content = data.profile.content;
    if (background) profile.background = background;
    after.profile = emptyToNull(profile);
  }
  if (data.badges != null) after.badges = changed.badges = data.badges;
  if (data.flags != null) after.flags = changed.flags = data.flags;

  const patch: UserPatch = {
    displayName: after.displayName,
    pronouns: after.pronouns,
    avatar: after.avatar,
    status: after.status,
    profile: after.profile,
    badges: after.badges,
    flags: after.flags,
  };
  if (!(await deps.db.users.update(before.id, patch))) throw fail('NotFound');
  await publishUserUpdate(deps, before, after, changed, remove);
  return viewSelf(deps, after);
}
