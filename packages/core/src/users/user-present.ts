import type {
  RelationshipEntry,
  StoredFile,
  UserRow,
  UserStatus as StoredStatus,
} from '@ermine/database';
import { idTime } from '@ermine/models/ids';
import {
  UserBadges,
  type AutumnFile,
  type RelationshipStatus,
  type User,
  type UserProfile,
  type UserStatus,
} from '@ermine/models/user';

/** How one viewer sees a user: everything `presentUser` needs beyond the row. */
export interface UserViewContext {
  /** The viewer's relationship to the user ("User" when it is themselves). */
  relationship: RelationshipStatus;
  /** Whether the viewer may see `status` and `online`. */
  showPresence: boolean;
  /** Whether the user has a live session (before the Invisible rule is applied). */
  online: boolean;
  /** The user's own relationships: given only for the self view. */
  relations?: RelationshipEntry[];
  /** `api.users.early_adopter_cutoff`: users created before it get the EarlyAdopter badge. */
  earlyAdopterCutoff?: number;
}

/** A stored file as Stoat's `File` (image metadata always carries `thumbhash`/`animated`). */
export function presentFile(file: StoredFile): AutumnFile {
  const metadata =
    file.metadata.type === 'Image'
      ? {
          ...file.metadata,
          thumbhash: file.metadata.thumbhash ?? null,
          animated: file.metadata.animated ?? null,
        }
      : file.metadata;
  const out: AutumnFile = {
    _id: file.id,
    tag: file.tag,
    filename: file.filename,
    metadata,
    content_type: file.contentType,
    size: file.size,
  };
  if (file.deleted) out.deleted = true;
  if (file.reported) out.reported = true;
  if (file.messageId) out.message_id = file.messageId;
  if (file.userId) out.user_id = file.userId;
  if (file.serverId) out.server_id = file.serverId;
  if (file.objectId) out.object_id = file.objectId;
  return out;
}

/**
 * A status as sent in full `User` objects: `Invisible` is dropped (unless `keepInvisible`, for
 * the partial data of the user's own `UserUpdate`), empty keys omitted, null when empty.
 */
export function presentStatus(
  status: StoredStatus | null,
  keepInvisible = false,
): UserStatus | null {
  if (!status) return null;
  const out: UserStatus = {};
  if (status.text !== undefined && status.text !== null) out.text = status.text;
  if (status.presence && (keepInvisible || status.presence !== 'Invisible')) {
    out.presence = status.presence;
  }
  return out.text === undefined && out.presence === undefined ? null : out;
}

/** `GET /users/{id}/profile`: `{}` when the user has none. */
export function presentProfile(row: UserRow): UserProfile {
  const out: UserProfile = {};
  if (row.profile?.content !== undefined && row.profile.content !== null) {
    out.content = row.profile.content;
  }
  if (row.profile?.background) out.background = presentFile(row.profile.background);
  return out;
}

/** Stored badges plus the computed EarlyAdopter badge. */
export function userBadges(row: UserRow, earlyAdopterCutoff?: number): number {
  if (earlyAdopterCutoff === undefined) return row.badges;
  let created: number;
  try {
    created = idTime(row.id);
  } catch {
    return row.badges;
  }
  return created < earlyAdopterCutoff ? row.badges | UserBadges.EarlyAdopter : row.badges;
}

/** True when the user chose to appear offline. */
export function isInvisible(row: UserRow): boolean {
  return row.status?.presence === 'Invisible';
}

/**
 * The one presenter of users: a stored row as Stoat's `User` seen by a viewer. Empty optionals
 * are omitted; `relationship` and `online` are always present; `relations` only in the self view.
 */
export function presentUser(row: UserRow, view: UserViewContext): User {
  // Keys are added in Stoat's field order so responses read like the original's.
  const user: Omit<User, 'relationship' | 'online'> = {
    _id: row.id,
    username: row.username,
    discriminator: row.discriminator,
  };
  if (row.displayName) user.display_name = row.displayName;
  if (row.pronouns) user.pronouns = row.pronouns;
  if (row.avatar) user.avatar = presentFile(row.avatar);
  if (view.relations && view.relations.length > 0) {
    user.relations = view.relations.map((r) => ({ _id: r.id, status: r.status }));
  }
  const badges = userBadges(row, view.earlyAdopterCutoff);
  if (badges !== 0) user.badges = badges;
  const status = view.showPresence ? presentStatus(row.status) : null;
  if (status) user.status = status;
  if (row.flags !== 0) user.flags = row.flags;
  if (row.privileged) user.privileged = true;
  if (row.bot) user.bot = { owner: row.bot.owner };
  return {
    ...user,
    relationship: view.relationship,
    online: view.showPresence && view.online && !isInvisible(row),
  };
}
