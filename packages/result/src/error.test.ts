import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fail, isStoatError, statusOf } from './index';

test('errors carry Stoat status and flattened fields', () => {
  const err = fail('TooManyPendingFriendRequests', { max: 10 });
  assert.ok(isStoatError(err));
  assert.equal(err.status, 400);
  assert.deepEqual(err.toBody(), {
    type: 'TooManyPendingFriendRequests',
    max: 10,
    location: 'ermine',
  });
});

test('guard statuses can be overridden where Stoat raises them from a guard', () => {
  assert.equal(statusOf('MissingHeaders'), 400);
  assert.equal(fail('MissingHeaders', {}, 401).status, 401);
  assert.equal(statusOf('InvalidCredentials'), 401);
});
