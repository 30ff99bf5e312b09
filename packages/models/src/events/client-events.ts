import type { PingData } from './connection-events';

/** Authenticates a connection opened without `?token=`; ignored once authenticated. */
export interface AuthenticateMessage {
  type: 'Authenticate';
  token: string;
}

/** The user started typing in `channel` (only honoured in a channel they can see). */
export interface BeginTypingMessage {
  type: 'BeginTyping';
  channel: string;
}

/** The user stopped typing in `channel`. */
export interface EndTypingMessage {
  type: 'EndTyping';
  channel: string;
}

/** Asks for the `UserUpdate`s of `server_id`'s members for a while (the app is focused). */
export interface SubscribeMessage {
  type: 'Subscribe';
  server_id: string;
}

/** Keep-alive: answered by `Pong` with the same `data`. */
export interface PingMessage {
  type: 'Ping';
  data: PingData;
  responded?: null;
}

/** A client's answer to a server `Ping` (stoat.js sends it; the server ignores it). */
export interface PongMessage {
  type: 'Pong';
  data: PingData;
}

/** Every message a client sends on the events socket, tagged by `type`. */
export type ClientEvent =
  | AuthenticateMessage
  | BeginTypingMessage
  | EndTypingMessage
  | SubscribeMessage
  | PingMessage
  | PongMessage;
