import type { Channel, FieldsChannel, PartialChannel } from '../channel';

/** A channel the receiver can now see: the channel's fields (and `channel_type`) flattened. */
export type ChannelCreateEvent = { type: 'ChannelCreate' } & Channel;

/** A channel changed; `clear` names the fields removed. */
export interface ChannelUpdateEvent {
  type: 'ChannelUpdate';
  id: string;
  data: PartialChannel;
  clear: FieldsChannel[];
}

/** A channel was deleted (or the receiver can no longer see it). */
export interface ChannelDeleteEvent {
  type: 'ChannelDelete';
  id: string;
}

/** `user` joined group `id`. */
export interface ChannelGroupJoinEvent {
  type: 'ChannelGroupJoin';
  id: string;
  user: string;
}

/** `user` left group `id`. */
export interface ChannelGroupLeaveEvent {
  type: 'ChannelGroupLeave';
  id: string;
  user: string;
}

/** `user` started typing in channel `id` (clients expire it themselves). */
export interface ChannelStartTypingEvent {
  type: 'ChannelStartTyping';
  id: string;
  user: string;
}

/** `user` stopped typing in channel `id`. */
export interface ChannelStopTypingEvent {
  type: 'ChannelStopTyping';
  id: string;
  user: string;
}

/** `user` read channel `id` up to `message_id`. */
export interface ChannelAckEvent {
  type: 'ChannelAck';
  id: string;
  user: string;
  message_id: string;
}

/** Every channel event. */
export type ChannelEvents =
  | ChannelCreateEvent
  | ChannelUpdateEvent
  | ChannelDeleteEvent
  | ChannelGroupJoinEvent
  | ChannelGroupLeaveEvent
  | ChannelStartTypingEvent
  | ChannelStopTypingEvent
  | ChannelAckEvent;
