import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { createApiStack, type ApiStack } from '../../testing/api-stack';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

async function fetchAvatar(id: string): Promise<{ res: Response; bytes: Buffer }> {
  const res = await stack.api.fetch!(new Request(`http://ermine.test/users/${id}/default_avatar`));
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('GET /users/{target}/default_avatar is a cacheable PNG, no session needed', async () => {
  const { res, bytes } = await fetchAvatar('01ARZ3NDEKTSV4RRFFQ69G5FA0');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const image = PNG.sync.read(bytes);
  assert.equal(image.width, 256);
  assert.equal(image.height, 256);
});

test('the image depends only on the last character of the id', async () => {
  const zero = (await fetchAvatar('01ARZ3NDEKTSV4RRFFQ69G5FA0')).bytes;
  const s = (await fetchAvatar('01BX5ZZKBKACTAV9WEVGEMMVRS')).bytes;
  const x = (await fetchAvatar('01BX5ZZKBKACTAV9WEVGEMMVRX')).bytes;
  assert.ok(zero.equals(s));
  assert.ok(!zero.equals(x));
});
