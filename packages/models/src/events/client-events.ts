import { z } from 'zod';
import type { PingData } from './connection-events';

/** `Ping.data`: an unsigned integer or a list of bytes (Stoat's untagged `Ping`). */
const pingData: z.ZodType<PingData> = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.array(z.number().int().min(0).max(255)).max(1024),
]);

const id = z.string().min(1).max(128);

/** Every message a client sends on the events socket, tagged by `type`; unknown keys ignored. */
export const clientEvent = z.discriminatedUnion('type', [
  /** Authenticates a connection opened without `?token=`; ignored once authenticated. */
  z.object({ type: z.literal('Authenticate'), token: z.string().max(128) }),
  /** The user started typing in `channel` (only honoured in a channel they can see). */
  z.object({ type: z.literal('BeginTyping'), channel: id }),
  /** The user stopped typing in `channel`. */
  z.object({ type: z.literal('EndTyping'), channel: id }),
  /** Asks for the `UserUpdate`s of `server_id`'s members for a while (the app is focused). */
  z.object({ type: z.literal('Subscribe'), server_id: id }),
  /** Keep-alive, answered by `Pong` with the same `data`. */
  z.object({ type: z.literal('Ping'), data: pingData, responded: z.null().optional() }),
  /** A client's answer to a server `Ping` (stoat.js sends it; Stoat's server ignores it). */
  z.object({ type: z.literal('Pong'), data: pingData }),
]);
export type ClientEvent = z.infer<typeof clientEvent>;

export type AuthenticateMessage = Extract<ClientEvent, { type: 'Authenticate' }>;
export type BeginTypingMessage = Extract<ClientEvent, { type: 'BeginTyping' }>;
export type EndTypingMessage = Extract<ClientEvent, { type: 'EndTyping' }>;
export type SubscribeMessage = Extract<ClientEvent, { type: 'Subscribe' }>;
export type PingMessage = Extract<ClientEvent, { type: 'Ping' }>;
export type PongMessage = Extract<ClientEvent, { type: 'Pong' }>;

/**
 * Reads one text frame from a client: the message, or null for anything that is not JSON or
 * not a known message (Stoat's socket ignores those frames silently).
 */
export function parseClientEvent(text: string): ClientEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = clientEvent.safeParse(value);
  return parsed.success ? parsed.data : null;
}
