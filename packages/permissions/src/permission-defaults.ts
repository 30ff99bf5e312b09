import { GRANT_ALL_SAFE, Permission } from './permission-bits';
import { union } from './permission-value';

const { ViewChannel, ReadMessageHistory, SendMessage, InviteOthers, SendEmbeds } = Permission;
const { UploadFiles, Connect, Speak, Listen, Video, ManageChannel, React } = Permission;
const { Masquerade, ChangeNickname, ChangeAvatar } = Permission;

function all(...bits: number[]): number {
  return bits.reduce(union, 0);
}

/** What a timed-out member keeps: seeing channels and reading their history. */
export const ALLOW_IN_TIMEOUT = all(ViewChannel, ReadMessageHistory);

/** Seeing a channel and reading its history; a DM where messaging is not allowed. */
export const DEFAULT_PERMISSION_VIEW_ONLY = all(ViewChannel, ReadMessageHistory);

/** The base set: view, read, send, invite, embeds, uploads, and voice (connect, speak, listen, video). */
export const DEFAULT_PERMISSION = all(
  DEFAULT_PERMISSION_VIEW_ONLY,
  SendMessage,
  InviteOthers,
  SendEmbeds,
  UploadFiles,
  Connect,
  Speak,
  Listen,
  Video,
);

/** The owner of a saved messages channel holds everything. */
export const DEFAULT_PERMISSION_SAVED_MESSAGES = GRANT_ALL_SAFE;

/** A DM where messaging is allowed, and a group without its own `permissions`. */
export const DEFAULT_PERMISSION_DIRECT_MESSAGE = all(
  DEFAULT_PERMISSION,
  ManageChannel,
  React,
  Masquerade,
);

/** A new server's `default_permissions`. */
export const DEFAULT_PERMISSION_SERVER = all(
  DEFAULT_PERMISSION,
  React,
  ChangeNickname,
  ChangeAvatar,
);

/** A new webhook's `permissions`; a webhook's messages are checked against its own value. */
export const DEFAULT_WEBHOOK_PERMISSIONS = all(SendMessage, SendEmbeds, Masquerade, React);
