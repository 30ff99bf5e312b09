import type { Embed } from './embed';
import type { Member } from './member';
import type { AutumnFile, User } from './user';

/** The author id of system messages. */
export const SYSTEM_AUTHOR_ID = '00000000000000000000000000';

/** A system message's content, tagged by `type` in lower snake case. */
export type SystemMessage =
  | { type: 'text'; content: string }
  | { type: 'user_added'; id: string; by: string }
  | { type: 'user_remove'; id: string; by: string }
  | { type: 'user_joined'; id: string }
  | { type: 'user_left'; id: string }
  | { type: 'user_kicked'; id: string }
  | { type: 'user_banned'; id: string }
  | { type: 'channel_renamed'; name: string; by: string }
  | { type: 'channel_description_changed'; by: string }
  | { type: 'channel_icon_changed'; by: string }
  | { type: 'channel_ownership_changed'; from: string; to: string }
  | { type: 'message_pinned'; id: string; by: string }
  | { type: 'message_unpinned'; id: string; by: string }
  | { type: 'call_started'; by: string; finished_at: string | null };

/** The name and avatar shown instead of the author's. */
export interface Masquerade {
  name?: string;
  avatar?: string;
  colour?: string;
}

/** Reaction rules of a message; omitted from the message when both are default. */
export interface Interactions {
  reactions?: string[];
  restrict_reactions?: true;
}

/** The webhook a message was sent by; `avatar` is a file id and always present. */
export interface MessageWebhook {
  name: string;
  avatar: string | null;
}

/**
 * Stoat's `Message`. `user` and `member` are set only on send responses and the `Message`
 * event; `reactions` maps an emoji to the users who reacted, in order, and is omitted when empty.
 */
export interface Message {
  _id: string;
  nonce?: string;
  channel: string;
  author: string;
  user?: User;
  member?: Member;
  webhook?: MessageWebhook;
  content?: string;
  system?: SystemMessage;
  attachments?: AutumnFile[];
  edited?: string;
  embeds?: Embed[];
  mentions?: string[];
  role_mentions?: string[];
  replies?: string[];
  reactions?: Record<string, string[]>;
  interactions?: Interactions;
  masquerade?: Masquerade;
  pinned?: true;
  flags?: number;
}

/** The changed keys of a message in a `MessageUpdate` event. */
export type PartialMessage = Partial<Omit<Message, '_id' | 'pinned'>> & { pinned?: boolean };

/** Optional message fields that `clear` can name. */
export const FIELDS_MESSAGE = ['Pinned'] as const;
export type FieldsMessage = (typeof FIELDS_MESSAGE)[number];

/** What `MessageAppend` adds to a message (embeds generated after sending). */
export interface AppendMessage {
  embeds?: Embed[];
}
