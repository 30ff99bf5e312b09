import { isDuplicateKeyError, newUserRow, type UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { User } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { pickDiscriminator, prepareUsername } from '../users/username';
import { viewSelf } from '../users/user-view';

// Attempts when another request takes the picked name#discriminator at the same moment.
const ATTEMPTS = 5;

/**
 * Creates the user of an account (same id) with a sanitised username and a random free
 * discriminator. Fails with AlreadyOnboarded, InvalidUsername or UsernameTaken.
 */
export async function createUserForAccount(
  deps: Pick<CoreDeps, 'db' | 'config' | 'clock'>,
  accountId: string,
  requested: string,
): Promise<UserRow> {
  if (await deps.db.users.findById(accountId)) throw fail('AlreadyOnboarded');
  const username = prepareUsername(requested, deps.config.api.users.min_username_length);
  for (let attempt = 1; ; attempt++) {
    const discriminator = pickDiscriminator(await deps.db.users.discriminatorsInUse(username));
    if (discriminator === null) throw fail('UsernameTaken');
    const now = deps.clock.now();
    const row = newUserRow({
      id: accountId,
      username,
      discriminator,
      lastAcknowledgedPolicyChange: now,
      createdAt: now,
    });
    try {
      await deps.db.users.create(row);
      return row;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // Either a parallel onboarding of this account won, or the name#discriminator was taken.
      if (await deps.db.users.findById(accountId)) throw fail('AlreadyOnboarded');
      if (attempt >= ATTEMPTS) throw fail('UsernameTaken');
    }
  }
}

/** `POST /onboard/complete`: creates the account's user and returns its self view. */
export async function completeOnboarding(
  deps: Pick<CoreDeps, 'db' | 'cache' | 'config' | 'clock'>,
  accountId: string,
  username: string,
): Promise<User> {
  const user = await createUserForAccount(deps, accountId, username);
  return viewSelf(deps, user);
}
