import { z } from 'zod';
import { mfaResponse, type MFAMethod } from './mfa';

/** Web Push subscription stored on a session. */
export interface WebPushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Stoat's full `Session` (only returned at login, the one time the token is shown). */
export interface Session {
  _id: string;
  user_id: string;
  token: string;
  name: string;
  last_seen: string;
  origin?: string;
  subscription?: WebPushSubscription;
}

/** `SessionInfo`: what session lists and edits return. */
export interface SessionInfo {
  _id: string;
  name: string;
}

/** `ResponseLogin`, tagged by `result`. */
export type ResponseLogin =
  | ({ result: 'Success' } & Session)
  | { result: 'MFA'; ticket: string; allowed_methods: MFAMethod[] }
  | { result: 'Disabled'; user_id: string };

const friendlyName = z.string().max(128).nullish();

/**
 * `DataLogin`, an untagged union: e-mail and password, or an MFA ticket with an optional
 * response (the ticket alone works only when it is authorised).
 */
export const dataLogin = z.union([
  z.object({
    email: z.string().max(320),
    password: z.string().max(1024),
    friendly_name: friendlyName,
  }),
  z.object({
    mfa_ticket: z.string().max(128),
    mfa_response: mfaResponse.nullish(),
    friendly_name: friendlyName,
  }),
]);
export type DataLogin = z.infer<typeof dataLogin>;

/** `PATCH /auth/session/{id}` body (`DataEditSession`). */
export const dataEditSession = z.object({ friendly_name: z.string().max(128) });
export type DataEditSession = z.infer<typeof dataEditSession>;

/** `DELETE /auth/session/all` query: `revoke_self=true` also ends the calling session. */
export const optionsRevokeAll = z.object({
  revoke_self: z.enum(['true', 'false']).optional(),
});
