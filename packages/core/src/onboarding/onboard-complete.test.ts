import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '@ermine/models/ids';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedUser } from '@ermine/testing/users';
import { DISCRIMINATORS } from '../users/username';
import { completeOnboarding, createUserForAccount } from './onboard-complete';
import { onboardingStatus } from './onboard-hello';

let stack: TestStack;
before(async () => {
  stack = await createTestStack();
});
after(async () => {
  await stack.close();
});

test('creates the user with the account id and reports onboarding done', async () => {
  const accountId = newId();
  assert.deepEqual(await onboardingStatus(stack.deps, accountId), { onboarding: true });
  const user = await completeOnboarding(stack.deps, accountId, 'Zoë');
  assert.equal(user._id, accountId);
  assert.equal(user.username, 'Zoe');
  assert.ok(DISCRIMINATORS.includes(user.discriminator));
  assert.equal(user.relationship, 'User');
  assert.deepEqual(await onboardingStatus(stack.deps, accountId), { onboarding: false });
  const row = await stack.deps.db.users.findById(accountId);
  assert.equal(row?.createdAt, stack.deps.clock.now());
  await assert.rejects(
    completeOnboarding(stack.deps, accountId, 'again'),
    rejectsWith('AlreadyOnboarded'),
  );
});

test('reserved and spoofed names are refused', async () => {
  for (const name of ['admin', 'Stoat', 'аdmin']) {
    await assert.rejects(
      createUserForAccount(stack.deps, newId(), name),
      rejectsWith('InvalidUsername'),
    );
  }
});

test('a short name is padded up to the configured minimum', async () => {
  stack.deps.config.api.users.min_username_length = 4;
  try {
    const row = await createUserForAccount(stack.deps, newId(), 'ab');
    assert.equal(row.username, 'ab__');
  } finally {
    stack.deps.config.api.users.min_username_length = 2;
  }
});

test('UsernameTaken once every discriminator of a name (any case) is used', async () => {
  await stack.deps.db.transaction(async (tx) => {
    for (const [i, d] of DISCRIMINATORS.slice(1).entries()) {
      await seedUser(tx, { username: i % 2 ? 'Crowded' : 'crowded', discriminator: d });
    }
  });
  const last = await createUserForAccount(stack.deps, newId(), 'CROWDED');
  assert.equal(last.discriminator, DISCRIMINATORS[0]);
  await assert.rejects(
    createUserForAccount(stack.deps, newId(), 'crowded'),
    rejectsWith('UsernameTaken'),
  );
});
