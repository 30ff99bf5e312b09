import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;

function totpFor(secret: string): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
  });
}

/** A new TOTP secret: 10 random bytes in base32 (RFC 4648, no padding), like Stoat's. */
export function newTotpSecret(): string {
  return new Secret({ buffer: randomBytes(10).buffer }).base32.replace(/=+$/, '');
}

/** The 30-second step number at `nowMs`. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PERIOD_S);
}

/** The code for `secret` at `nowMs` (tests and tools). */
export function totpCode(secret: string, nowMs: number): string {
  return totpFor(secret).generate({ timestamp: nowMs });
}

/**
 * The step `code` belongs to when it is valid for `secret` at `nowMs` within one step either
 * way (clock drift), else null.
 */
export function matchTotp(secret: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: nowMs, window: 1 });
  return delta === null ? null : totpStep(nowMs) + delta;
}
