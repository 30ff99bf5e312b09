import type { AppendMessage, FieldsMessage, Message, PartialMessage } from '../message';

/** A new message: the message's own fields flattened next to `type`. */
export type MessageEvent = { type: 'Message' } & Message;

/** A message changed (edit, pin); `clear` names the fields removed. */
export interface MessageUpdateEvent {
  type: 'MessageUpdate';
  id: string;
  channel: string;
  data: PartialMessage;
  clear: FieldsMessage[];
}

/** Data added to a message after it was sent (embeds). */
export interface MessageAppendEvent {
  type: 'MessageAppend';
  id: string;
  channel: string;
  append: AppendMessage;
}

/** A message was deleted. */
export interface MessageDeleteEvent {
  type: 'MessageDelete';
  id: string;
  channel: string;
}

/** Several messages of a channel were deleted at once. */
export interface BulkMessageDeleteEvent {
  type: 'BulkMessageDelete';
  channel: string;
  ids: string[];
}

/** A user reacted to message `id`. */
export interface MessageReactEvent {
  type: 'MessageReact';
  id: string;
  channel_id: string;
  user_id: string;
  emoji_id: string;
}

/** A user's reaction was removed from message `id`. */
export interface MessageUnreactEvent {
  type: 'MessageUnreact';
  id: string;
  channel_id: string;
  user_id: string;
  emoji_id: string;
}

/** Every reaction with one emoji was removed from message `id`. */
export interface MessageRemoveReactionEvent {
  type: 'MessageRemoveReaction';
  id: string;
  channel_id: string;
  emoji_id: string;
}

/** Every message event. */
export type MessageEvents =
  | MessageEvent
  | MessageUpdateEvent
  | MessageAppendEvent
  | MessageDeleteEvent
  | BulkMessageDeleteEvent
  | MessageReactEvent
  | MessageUnreactEvent
  | MessageRemoveReactionEvent;
