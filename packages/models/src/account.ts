import { z } from 'zod';

/** `GET /auth/account/` → the account's id and e-mail (Stoat's `AccountInfo`). */
export interface AccountInfo {
  _id: string;
  email: string;
}

// Generous caps on free-text input: far above any real e-mail or password, low enough that a
// huge string never reaches the password hasher or the database.
const EMAIL_MAX = 320;
const PASSWORD_MAX = 1024;
const TOKEN_MAX = 128;

const email = z.string().max(EMAIL_MAX);
const password = z.string().max(PASSWORD_MAX);
const captcha = z.string().max(4096).nullish();

/** `POST /auth/account/create` body (`DataCreateAccount`). */
export const dataCreateAccount = z.object({
  email,
  password,
  invite: z.string().max(TOKEN_MAX).nullish(),
  captcha,
});
export type DataCreateAccount = z.infer<typeof dataCreateAccount>;

/** `POST /auth/account/reverify` body (`DataResendVerification`). */
export const dataResendVerification = z.object({ email, captcha });
export type DataResendVerification = z.infer<typeof dataResendVerification>;

/** `POST /auth/account/reset_password` body (`DataSendPasswordReset`). */
export const dataSendPasswordReset = z.object({ email, captcha });
export type DataSendPasswordReset = z.infer<typeof dataSendPasswordReset>;

/** `PATCH /auth/account/reset_password` body (`DataPasswordReset`). */
export const dataPasswordReset = z.object({
  token: z.string().max(TOKEN_MAX),
  password,
  remove_sessions: z.boolean().nullish(),
});
export type DataPasswordReset = z.infer<typeof dataPasswordReset>;

/** `PUT /auth/account/delete` body (`DataAccountDeletion`). */
export const dataAccountDeletion = z.object({ token: z.string().max(TOKEN_MAX) });
export type DataAccountDeletion = z.infer<typeof dataAccountDeletion>;

/** `PATCH /auth/account/change/password` body (`DataChangePassword`). */
export const dataChangePassword = z.object({ password, current_password: password });
export type DataChangePassword = z.infer<typeof dataChangePassword>;

/** `PATCH /auth/account/change/email` body (`DataChangeEmail`). */
export const dataChangeEmail = z.object({ email, current_password: password });
export type DataChangeEmail = z.infer<typeof dataChangeEmail>;

/** Largest e-mail and password accepted by the request schemas. */
export const ACCOUNT_INPUT_LIMITS = { email: EMAIL_MAX, password: PASSWORD_MAX } as const;
