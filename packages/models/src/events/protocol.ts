/**
 * The events socket's contract: every frame the server sends (`ServerEvent`) and every frame
 * a client sends (`ClientEvent`), each a JSON object tagged by `type` with Stoat's names.
 * Events wrapping a model (`Message`, `ChannelCreate`, `EmojiCreate`, `WebhookCreate`) carry
 * the model's fields next to `type`. Stoat's internal events (`CreateAccount`, `CreateSession`,
 * `ReportCreate`, on a topic no socket subscribes to) and the never-sent `Bees` are left out.
 */
import type { AuthEvent } from './auth-events';
import type { ChannelEvents } from './channel-events';
import type {
  AuthenticatedEvent,
  ErrorEvent,
  LogoutEvent,
  PongEvent,
  ReadyEvent,
  UserSlowmodesEvent,
} from './connection-events';
import type { MessageEvents } from './message-events';
import type { ServerEvents } from './server-events';
import type { UserEvent } from './user-events';
import type { VoiceEvents } from './voice-events';
import type { WebhookEvents } from './webhook-events';

export type { ClientEvent } from './client-events';

/**
 * Several events at once, applied in order (a visibility change ends with its cause). Declared
 * here, beside the union it contains.
 */
export interface BulkEvent {
  type: 'Bulk';
  v: ServerEvent[];
}

/** Frames only the socket itself sends to one connection; they never travel on the bus. */
export type ConnectionEvent = AuthenticatedEvent | ReadyEvent | ErrorEvent | PongEvent | BulkEvent;

/** Events the services publish for the sockets to fan out. */
export type BusEvent =
  | LogoutEvent
  | UserSlowmodesEvent
  | MessageEvents
  | ChannelEvents
  | ServerEvents
  | UserEvent
  | AuthEvent
  | WebhookEvents
  | VoiceEvents;

/** Every frame the events socket sends to a client. */
export type ServerEvent = ConnectionEvent | BusEvent;

/** The `type` of every server event. */
export type ServerEventType = ServerEvent['type'];
