import type { ErrorType } from '@ermine/result';
import type { Channel, ChannelSlowmode, ChannelUnread } from '../channel';
import type { Emoji } from '../emoji';
import type { Member } from '../member';
import type { Server } from '../server';
import type { PolicyChange, UserSettings } from '../sync';
import type { User } from '../user';
import type { ChannelVoiceState } from '../voice';

/** The token was accepted; `Ready` follows. */
export interface AuthenticatedEvent {
  type: 'Authenticated';
}

/**
 * The connection's first data: everything the client caches. Each field is omitted when the
 * `ready` query left it out; `users` ends with the user themself (relationship `User`).
 */
export interface ReadyEvent {
  type: 'Ready';
  users?: User[];
  servers?: Server[];
  channels?: Channel[];
  members?: Member[];
  emojis?: Emoji[];
  voice_states?: ChannelVoiceState[];
  user_settings?: UserSettings;
  channel_unreads?: ChannelUnread[];
  policy_changes?: PolicyChange[];
}

/** An error body as the socket sends it: Stoat's error under `data`, e.g. `InvalidSession`. */
export interface ErrorEvent {
  type: 'Error';
  data: { type: ErrorType; location?: string; [field: string]: unknown };
}

/** `Ping.data` and `Pong.data`: a number or a list of bytes, echoed as received. */
export type PingData = number | number[];

/** The answer to a client `Ping`, with its `data`. */
export interface PongEvent {
  type: 'Pong';
  data: PingData;
}

/** The session ended: the client must log out; the server closes the socket. */
export interface LogoutEvent {
  type: 'Logout';
}

/** The user's active slowmodes, sent after `Ready` and when a message starts one. */
export interface UserSlowmodesEvent {
  type: 'UserSlowmodes';
  slowmodes: ChannelSlowmode[];
}
