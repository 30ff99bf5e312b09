import { isDuplicateKeyError } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { normaliseEmail } from '../auth/email';
import { hashToken } from '../auth/tokens';
import { issueTicket, type IssuedTicket } from '../mfa/mfa-ticket';

/**
 * `POST /auth/account/verify/{code}`: confirms an e-mailed verification code. A new account
 * gets an authorised ticket (it logs in without the password), an e-mail change gets null.
 * Unknown or expired code → 401 `InvalidToken`.
 */
export async function verifyEmail(deps: CoreDeps, code: string): Promise<IssuedTicket | null> {
  const account =
    code === '' ? null : await deps.db.accounts.findByVerificationToken(hashToken(code));
  const v = account?.verification;
  if (!account || !v || v.status === 'Verified') throw fail('InvalidToken');
  if (v.expiry < deps.clock.now()) throw fail('InvalidToken');
  if (v.status === 'Moving') {
    try {
      await deps.db.accounts.update(account.id, {
        email: v.newEmail,
        emailNormalised: normaliseEmail(v.newEmail),
        verification: { status: 'Verified' },
      });
    } catch (err) {
      // The address was taken by another account after the change began.
      if (isDuplicateKeyError(err)) throw fail('InvalidToken');
      throw err;
    }
    return null;
  }
  await deps.db.accounts.update(account.id, { verification: { status: 'Verified' } });
  return issueTicket(deps, account.id, { validated: false, authorised: true });
}
