import type { ErmineConfig } from '@ermine/config';
import type { CoreDeps } from '../deps';

/** The queue that carries account e-mails to the mail sender. */
export const AUTH_EMAIL_QUEUE = 'email';

/** Which e-mail to send (Stoat's templates). */
export type AuthEmailKind = 'verify' | 'reset' | 'reset_existing' | 'deletion';

/** A queued account e-mail: who gets it and the link it carries. */
export interface AuthEmailJob {
  kind: AuthEmailKind;
  /** Recipient address. */
  to: string;
  /** The account's current address (differs from `to` when moving to a new address). */
  email: string;
  /** Link path on the web app, e.g. `/login/verify/<token>`. */
  path: string;
  /** Full link when the public URL is known, else the path alone. */
  url: string;
}

const PATHS: Record<AuthEmailKind, string> = {
  verify: '/login/verify/',
  reset: '/login/reset/',
  reset_existing: '/login/reset/',
  deletion: '/delete/',
};

/** True when an SMTP host is configured: e-mail verification and e-mailed links are on. */
export function emailEnabled(config: ErmineConfig): boolean {
  return (config.api?.smtp?.host ?? '') !== '';
}

/** How long an e-mailed code of `kind` stays valid, in ms (from `[api.smtp.expiry]`). */
export function emailTokenTtlMs(config: ErmineConfig, kind: AuthEmailKind): number {
  const expiry = config.api?.smtp?.expiry;
  const seconds =
    kind === 'verify'
      ? (expiry?.expire_verification ?? 604800)
      : kind === 'deletion'
        ? (expiry?.expire_account_deletion ?? 86400)
        : (expiry?.expire_password_reset ?? 86400);
  return seconds * 1000;
}

function appUrl(config: ErmineConfig): string {
  const base = config.hosts?.app || config.ermine?.public_url || '';
  return base.replace(/\/+$/, '');
}

/** Queues an account e-mail carrying `token` for the mail sender (durable, at least once). */
export async function queueAuthEmail(
  deps: CoreDeps,
  kind: AuthEmailKind,
  recipient: { to: string; email: string },
  token: string,
): Promise<void> {
  const path = PATHS[kind] + token;
  const base = appUrl(deps.config);
  const job: AuthEmailJob = { kind, ...recipient, path, url: base === '' ? path : base + path };
  await deps.jobs.enqueue(AUTH_EMAIL_QUEUE, job);
}
