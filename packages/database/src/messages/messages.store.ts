import type { EpochMs, StoredFile } from '../rows';

/** A JSON object stored as given (embeds, system message contents). */
export type JsonObject = { [key: string]: unknown };

/** A system message's content, tagged by `type` (Stoat's `SystemMessage`). */
export type MessageSystem = JsonObject & { type: string };

/** The webhook a message was sent by. */
export interface MessageWebhook {
  name: string;
  avatar: string | null;
}

/** The name, avatar and colour shown instead of the author's. */
export interface MessageMasquerade {
  name?: string;
  avatar?: string;
  colour?: string;
}

/** Reaction rules of a message. */
export interface MessageInteractions {
  reactions?: string[];
  restrictReactions?: boolean;
}

/** What a message is made of when sent; reactions are added afterwards. */
export interface NewMessageRow {
  id: string;
  channelId: string;
  /** A user id, a webhook id, or the system author. Not a foreign key. */
  authorId: string;
  webhook: MessageWebhook | null;
  content: string | null;
  system: MessageSystem | null;
  attachments: StoredFile[] | null;
  edited: EpochMs | null;
  embeds: JsonObject[] | null;
  mentions: string[] | null;
  roleMentions: string[] | null;
  replies: string[] | null;
  interactions: MessageInteractions | null;
  masquerade: MessageMasquerade | null;
  pinned: boolean;
  flags: number;
}

/** A stored message with its reactions. */
export interface MessageRow extends NewMessageRow {
  /** Users who reacted, by emoji; emojis and users in the order they were first added. */
  reactions: Record<string, string[]>;
}

/** Fields of a message that can change. */
export type MessagePatch = Partial<Omit<NewMessageRow, 'id' | 'channelId' | 'authorId'>>;

/** Which messages of a channel to list (ids are ULIDs, so id order is time order). */
export interface MessageQuery {
  /** At most this many (a positive integer). */
  limit: number;
  /** Only messages with an id below this one. */
  before?: string;
  /** Only messages with an id above this one. */
  after?: string;
  /** Newest first (default) or oldest first. */
  sort?: 'Latest' | 'Oldest';
  /**
   * Messages around this id instead: the message itself and up to `limit / 2` newer ones, then
   * up to `limit / 2` older ones, all returned oldest first. Ignores before, after and sort.
   */
  nearby?: string;
}

/** A text search within one channel. */
export interface MessageSearch {
  /** Every whitespace-separated word must appear in the content (case-insensitive substring). */
  query?: string;
  /** Only pinned (true) or unpinned (false) messages. */
  pinned?: boolean;
  limit: number;
  before?: string;
  after?: string;
  /** `Relevance` is served as `Latest`: the substring search does not rank. */
  sort?: 'Relevance' | 'Latest' | 'Oldest';
}

/** Messages of channels with their reactions. They go with their channel. */
export interface MessageStore {
  /** Inserts a message; DuplicateKeyError when the id is taken. */
  create(row: NewMessageRow): Promise<void>;
  findById(id: string): Promise<MessageRow | null>;
  /** The messages among `ids` that exist, in `ids` order (duplicates collapsed). */
  findMany(ids: string[]): Promise<MessageRow[]>;
  /** A page of the channel's messages; see {@link MessageQuery}. */
  list(channelId: string, query: MessageQuery): Promise<MessageRow[]>;
  /** Searches the channel's message contents; see {@link MessageSearch}. */
  search(channelId: string, search: MessageSearch): Promise<MessageRow[]>;
  /** Applies `patch`; returns false when no such message. */
  update(id: string, patch: MessagePatch): Promise<boolean>;
  /** Pins or unpins; returns false when no such message or it already was so. */
  setPinned(id: string, pinned: boolean): Promise<boolean>;
  /** Removes the message; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
  /** Removes those of `ids` that belong to the channel; returns the removed ids. */
  deleteMany(channelId: string, ids: string[]): Promise<string[]>;
  /** Adds the user's reaction; false when already there or the message does not exist. */
  addReaction(id: string, emoji: string, userId: string): Promise<boolean>;
  /** Removes the user's reaction; false when there was none. */
  removeReaction(id: string, emoji: string, userId: string): Promise<boolean>;
  /** Removes every reaction with this emoji; returns the users whose reaction was removed. */
  clearReaction(id: string, emoji: string): Promise<string[]>;
}
