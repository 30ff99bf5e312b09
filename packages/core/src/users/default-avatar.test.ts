import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { DEFAULT_AVATAR_SIZE, defaultAvatarPng, defaultAvatarVariant } from './default-avatar';

test('variant follows the last character of the id', () => {
  const cases: [string, number][] = [
    ['01ARZ3NDEKTSV4RRFFQ69G5FA0', 2],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAS', 2],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAZ', 2],
    ['01ARZ3NDEKTSV4RRFFQ69G5FA7', 3],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAT', 3],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAB', 4],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 5],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAW', 6],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAX', 7],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAY', 1],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAR', 1],
    ['anything-lowercase-a', 1],
    ['', 1],
  ];
  for (const [id, variant] of cases) assert.equal(defaultAvatarVariant(id), variant, id);
});

test('renders a valid, deterministic, cached PNG per variant', () => {
  const a = defaultAvatarPng('01ARZ3NDEKTSV4RRFFQ69G5FA0');
  assert.deepEqual([...a.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const img = PNG.sync.read(a);
  assert.equal(img.width, DEFAULT_AVATAR_SIZE);
  assert.equal(img.height, DEFAULT_AVATAR_SIZE);
  // The same variant is the very same buffer; another id of that variant too.
  assert.equal(defaultAvatarPng('01ARZ3NDEKTSV4RRFFQ69G5FAS'), a);
  assert.notDeepEqual(defaultAvatarPng('01ARZ3NDEKTSV4RRFFQ69G5FAX'), a);
});

test('corner shows the background and the centre of the head the light silhouette', () => {
  const img = PNG.sync.read(defaultAvatarPng('01ARZ3NDEKTSV4RRFFQ69G5FAX'));
  const at = (x: number, y: number) => {
    const i = (y * img.width + x) * 4;
    return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
  };
  const corner = at(2, 2);
  const head = at(DEFAULT_AVATAR_SIZE / 2, Math.round(DEFAULT_AVATAR_SIZE * 0.4));
  assert.ok(
    head.every((c, i) => c > corner[i]!),
    `${head} lighter than ${corner}`,
  );
  assert.ok(head.every((c) => c > 200));
});

test('all seven variants differ', () => {
  const ids = ['Y', '0', '4', '8', 'C', 'G', 'M'];
  const pngs = new Set(ids.map((id) => defaultAvatarPng(id).toString('base64')));
  assert.equal(pngs.size, 7);
});
