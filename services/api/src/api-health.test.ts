import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack } from './testing/api-stack';

test('the API reports ok while its database answers, and unavailable once it does not', async () => {
  const stack = await createApiStack();
  try {
    assert.deepEqual(await stack.api.health?.(), { status: 'ok' });
    await stack.deps.db.close();
    assert.deepEqual(await stack.api.health?.(), {
      status: 'unavailable',
      reason: 'the database does not answer',
    });
  } finally {
    await stack.close().catch(() => {});
  }
});
