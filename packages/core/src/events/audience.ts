import type { BusEvent } from '@ermine/models/events/protocol';

/**
 * Who receives an event, named by one key. Each maps to one bus topic (`topicOf`):
 *
 * | audience              | topic                | subscribed by the sockets of                       |
 * | --------------------- | -------------------- | -------------------------------------------------- |
 * | `{ user: id }`        | `user:<id>`          | user `id`: what others do that reaches them        |
 * |                       |                      | (profile and relationship updates, new DMs/servers)|
 * | `{ private: id }`     | `private:<id>`       | user `id` only, never widened to anyone: their     |
 * |                       |                      | account's own state (sessions, settings, acks)     |
 * | `{ channel: id }`     | `channel:<id>`       | every user who can see channel `id`                |
 * | `{ server: id }`      | `server:<id>`        | every member of server `id`                        |
 * | `{ serverMembers: id}`| `server-members:<id>`| members who asked for the member list of `id`      |
 *
 * Events addressed to a user are fanned out per recipient (a friend's copy of a profile change
 * is cut to what that friend may see), so `user:<id>` is never shared with other users.
 */
export type Audience =
  | { user: string }
  | { private: string }
  | { channel: string }
  | { server: string }
  | { serverMembers: string };

/** The kind of an audience: its one key. */
export type AudienceKind = 'user' | 'private' | 'channel' | 'server' | 'serverMembers';

const TOPIC_PREFIX: Record<AudienceKind, string> = {
  user: 'user',
  private: 'private',
  channel: 'channel',
  server: 'server',
  serverMembers: 'server-members',
};

/** The kind and id of an audience; throws on anything but exactly one known key. */
export function audienceParts(audience: Audience): { kind: AudienceKind; id: string } {
  const entries = Object.entries(audience);
  const [entry] = entries;
  if (entries.length !== 1 || !entry || !(entry[0] in TOPIC_PREFIX)) {
    throw new Error(`not an audience: ${JSON.stringify(audience)}`);
  }
  const [kind, id] = entry as [AudienceKind, unknown];
  if (typeof id !== 'string' || id.length === 0 || id.includes(':')) {
    throw new Error(`bad ${kind} id in audience: ${JSON.stringify(id)}`);
  }
  return { kind, id };
}

/** The bus topic of an audience, e.g. `{ channel: 'X' }` → `channel:X` (see `Audience`). */
export function topicOf(audience: Audience): string {
  const { kind, id } = audienceParts(audience);
  return `${TOPIC_PREFIX[kind]}:${id}`;
}

/**
 * The audiences each published event may go to (after Stoat's topics: its `{uid}!` splits into
 * `user` and `private`, `{sid}u` is `serverMembers`). Anything else is refused at compile time
 * by `publishEvent` and again at run time.
 */
export const EVENT_AUDIENCES = {
  Logout: ['private'],
  UserSlowmodes: ['private'],
  Message: ['channel'],
  MessageUpdate: ['channel'],
  MessageAppend: ['channel'],
  MessageDelete: ['channel'],
  BulkMessageDelete: ['channel'],
  MessageReact: ['channel'],
  MessageUnreact: ['channel'],
  MessageRemoveReaction: ['channel'],
  ChannelCreate: ['server', 'user'],
  ChannelUpdate: ['server', 'channel'],
  ChannelDelete: ['channel'],
  ChannelGroupJoin: ['channel'],
  ChannelGroupLeave: ['channel'],
  ChannelStartTyping: ['channel'],
  ChannelStopTyping: ['channel'],
  ChannelAck: ['private'],
  ServerCreate: ['user'],
  ServerUpdate: ['server'],
  ServerDelete: ['server'],
  ServerMemberJoin: ['server'],
  ServerMemberLeave: ['server'],
  ServerMemberUpdate: ['server'],
  ServerRoleUpdate: ['server'],
  ServerRoleDelete: ['server'],
  ServerRoleRanksUpdate: ['server'],
  EmojiCreate: ['server'],
  EmojiUpdate: ['server'],
  EmojiDelete: ['server'],
  UserUpdate: ['user', 'server', 'serverMembers'],
  UserRelationship: ['user'],
  UserSettingsUpdate: ['private'],
  UserPlatformWipe: ['user', 'server'],
  DeleteSession: ['private'],
  DeleteAllSessions: ['private'],
  WebhookCreate: ['channel'],
  WebhookUpdate: ['channel'],
  WebhookDelete: ['channel'],
  VoiceChannelJoin: ['channel'],
  VoiceChannelLeave: ['channel'],
  VoiceChannelMove: ['channel'],
  UserVoiceStateUpdate: ['channel'],
  UserMoveVoiceChannel: ['private'],
  VoiceCallUpdate: ['user', 'channel'],
} as const satisfies Record<BusEvent['type'], readonly AudienceKind[]>;

type AudienceOfKind<K extends AudienceKind> = K extends AudienceKind ? { [P in K]: string } : never;

/** The audiences an event of type `T` may be published to. */
export type AudienceFor<T extends BusEvent['type']> = AudienceOfKind<
  (typeof EVENT_AUDIENCES)[T][number]
>;

/** True when events of `type` may go to `audience`. */
export function allowsAudience(type: BusEvent['type'], audience: Audience): boolean {
  const allowed: readonly AudienceKind[] = EVENT_AUDIENCES[type] ?? [];
  return allowed.includes(audienceParts(audience).kind);
}
