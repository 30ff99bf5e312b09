import { z } from 'zod';

/** A second-factor method (Stoat's `MFAMethod`). */
export type MFAMethod = 'Password' | 'Recovery' | 'Totp';

/** Stoat's `MFATicket` as sent to the client (the plain token appears only here, once). */
export interface MFATicket {
  _id: string;
  account_id: string;
  token: string;
  validated: boolean;
  authorised: boolean;
  last_totp_code: string | null;
}

/** `GET /auth/mfa/` → which factors are on; only `true` values are present. */
export interface MultiFactorStatus {
  email_otp?: true;
  trusted_handover?: true;
  email_mfa?: true;
  totp_mfa?: true;
  security_key_mfa?: true;
  recovery_active?: true;
}

/** `POST /auth/mfa/totp` → the new secret (base32, no padding). */
export interface ResponseTotpSecret {
  secret: string;
}

const code = z.string().max(128);

/**
 * `MFAResponse`, an untagged union matched by shape in Stoat's order: password, recovery code,
 * TOTP code. Extra keys are ignored.
 */
export const mfaResponse = z.union([
  z.object({ password: z.string().max(1024) }),
  z.object({ recovery_code: code }),
  z.object({ totp_code: code }),
]);
export type MFAResponse = z.infer<typeof mfaResponse>;
