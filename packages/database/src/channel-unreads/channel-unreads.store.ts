/** A user's read state in one channel. */
export interface ChannelUnreadRow {
  userId: string;
  channelId: string;
  /** The last message the user acknowledged; null when never acknowledged. */
  lastId: string | null;
  /** Unacknowledged messages that mention the user, by id. */
  mentions: string[];
}

/** One acknowledgement: the channel and the message read up to. */
export interface ChannelAck {
  channelId: string;
  messageId: string;
}

/** Read states and unread mentions. They go with their user, channel or message. */
export interface ChannelUnreadStore {
  /** The user's state in the channel; null when nothing was acknowledged or mentioned. */
  find(userId: string, channelId: string): Promise<ChannelUnreadRow | null>;
  /** Every channel where the user has a state, by channel id. */
  listByUser(userId: string): Promise<ChannelUnreadRow[]>;
  /**
   * Marks the channel read up to `messageId` (never moving back) and drops the mentions up to
   * it, atomically.
   */
  ack(userId: string, channelId: string, messageId: string): Promise<void>;
  /** `ack` for several channels at once, in one transaction (a server ack). */
  ackMany(userId: string, acks: ChannelAck[]): Promise<void>;
  /** Records that the message mentions these users (repeats ignored). */
  addMentions(channelId: string, messageId: string, userIds: string[]): Promise<void>;
}
