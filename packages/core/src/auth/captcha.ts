import type { ErmineConfig } from '@ermine/config';
import { fail } from '@ermine/result';

/** hCaptcha's verification endpoint. */
export const HCAPTCHA_VERIFY_URL = 'https://hcaptcha.com/siteverify';

/**
 * When hCaptcha is configured (`api.security.captcha.hcaptcha_key`), checks the client's token
 * with hCaptcha; a missing, rejected or uncheckable token → 400 `CaptchaFailed`.
 */
export async function checkCaptcha(
  config: ErmineConfig,
  token: string | null | undefined,
  verifyUrl: string = HCAPTCHA_VERIFY_URL,
): Promise<void> {
  const secret = config.api?.security?.captcha?.hcaptcha_key ?? '';
  if (secret === '') return;
  if (!token) throw fail('CaptchaFailed');
  try {
    const res = await fetch(verifyUrl, {
      method: 'POST',
      body: new URLSearchParams({ secret, response: token }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { success?: unknown };
    if (body.success === true) return;
  } catch {
    // Unreachable or malformed answers count as a failed captcha.
  }
  throw fail('CaptchaFailed');
}
