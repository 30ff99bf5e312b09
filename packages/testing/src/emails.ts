/** The account e-mails a stack queues (verification, reset, deletion links), collected for tests. */
import { AUTH_EMAIL_QUEUE, type AuthEmailJob } from '@ermine/core/auth/mailer';
import { waitUntil } from '@ermine/infra/wait';
import type { TestStack } from './stack';

const mailboxes = new WeakMap<TestStack, AuthEmailJob[]>();

/**
 * Collects the account e-mails the core queues (verification, reset, deletion links). One list
 * per stack: later calls return the same list.
 */
export async function collectAuthEmails(stack: TestStack): Promise<AuthEmailJob[]> {
  const known = mailboxes.get(stack);
  if (known) return known;
  const emails: AuthEmailJob[] = [];
  mailboxes.set(stack, emails);
  await stack.deps.jobs.consume(AUTH_EMAIL_QUEUE, async (payload) => {
    emails.push(payload as AuthEmailJob);
  });
  return emails;
}

/** Waits until `emails` holds at least `count` e-mails and returns the last one. */
export async function waitForEmail(
  emails: AuthEmailJob[],
  count = 1,
  timeoutMs = 2000,
): Promise<AuthEmailJob> {
  await waitUntil(() => emails.length >= count, `${count} e-mail(s)`, timeoutMs, 5);
  return emails[emails.length - 1]!;
}

/** Runs `op` and resolves with the e-mail it queued (the first one after it started). */
export async function mailFrom(
  emails: AuthEmailJob[],
  op: () => Promise<unknown>,
): Promise<AuthEmailJob> {
  const sent = emails.length;
  await op();
  return waitForEmail(emails, sent + 1);
}

/** The code at the end of an e-mailed link (`/login/verify/<code>` gives `<code>`). */
export function emailCode(mail: AuthEmailJob): string {
  return mail.path.split('/').pop()!;
}
