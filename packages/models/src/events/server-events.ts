import type { Channel } from '../channel';
import type { Emoji, PartialEmoji } from '../emoji';
import type {
  FieldsMember,
  Member,
  MemberCompositeKey,
  PartialMember,
  RemovalIntention,
} from '../member';
import type { FieldsRole, FieldsServer, PartialRole, PartialServer, Server } from '../server';
import type { ChannelVoiceState } from '../voice';

/** The receiver became a member of `server`: it comes with the channels they can see. */
export interface ServerCreateEvent {
  type: 'ServerCreate';
  id: string;
  server: Server;
  channels: Channel[];
  emojis: Emoji[];
  voice_states: ChannelVoiceState[];
}

/** A server changed; `clear` names the fields removed. */
export interface ServerUpdateEvent {
  type: 'ServerUpdate';
  id: string;
  data: PartialServer;
  clear: FieldsServer[];
}

/** A server was deleted. */
export interface ServerDeleteEvent {
  type: 'ServerDelete';
  id: string;
}

/** A user joined server `id`; `user` repeats `member._id.user` for older clients. */
export interface ServerMemberJoinEvent {
  type: 'ServerMemberJoin';
  id: string;
  user: string;
  member: Member;
}

/** `user` left server `id`, by leaving, a kick or a ban. */
export interface ServerMemberLeaveEvent {
  type: 'ServerMemberLeave';
  id: string;
  user: string;
  reason: RemovalIntention;
}

/** A member changed; `clear` names the fields removed. */
export interface ServerMemberUpdateEvent {
  type: 'ServerMemberUpdate';
  id: MemberCompositeKey;
  data: PartialMember;
  clear: FieldsMember[];
}

/** A role was created or changed. */
export interface ServerRoleUpdateEvent {
  type: 'ServerRoleUpdate';
  id: string;
  role_id: string;
  data: PartialRole;
  clear: FieldsRole[];
}

/** A role was deleted. */
export interface ServerRoleDeleteEvent {
  type: 'ServerRoleDelete';
  id: string;
  role_id: string;
}

/** The roles of server `id` were reordered: `ranks` lists role ids, highest first. */
export interface ServerRoleRanksUpdateEvent {
  type: 'ServerRoleRanksUpdate';
  id: string;
  ranks: string[];
}

/** A new emoji: the emoji's fields flattened next to `type`. */
export type EmojiCreateEvent = { type: 'EmojiCreate' } & Emoji;

/** An emoji was renamed. */
export interface EmojiUpdateEvent {
  type: 'EmojiUpdate';
  id: string;
  data: PartialEmoji;
}

/** An emoji was deleted. */
export interface EmojiDeleteEvent {
  type: 'EmojiDelete';
  id: string;
}

/** Every server event (servers, members, roles, emojis). */
export type ServerEvents =
  | ServerCreateEvent
  | ServerUpdateEvent
  | ServerDeleteEvent
  | ServerMemberJoinEvent
  | ServerMemberLeaveEvent
  | ServerMemberUpdateEvent
  | ServerRoleUpdateEvent
  | ServerRoleDeleteEvent
  | ServerRoleRanksUpdateEvent
  | EmojiCreateEvent
  | EmojiUpdateEvent
  | EmojiDeleteEvent;
