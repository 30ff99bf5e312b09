import { ulid } from 'ulid';
import { randomHex } from '../fixtures';
import { newAccountRow, type AccountRow } from './accounts.store';

/** A verified account with no MFA, with a fresh id and e-mail (test row builder). */
export function accountRow(overrides: Partial<AccountRow> = {}): AccountRow {
  const local = `user.${randomHex(6)}`;
  return newAccountRow({
    id: ulid(),
    email: `${local}@example.com`,
    emailNormalised: `${local.replaceAll('.', '')}@example.com`,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    createdAt: Date.now(),
    ...overrides,
  });
}
