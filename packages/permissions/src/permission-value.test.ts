import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { holds, intersect, isPermissionValue, union, without } from './permission-value';

const TOP = 2 ** 52 - 1;
const BIT_32 = 2 ** 32;
const BIT_40 = 2 ** 40;

describe('bit arithmetic above 32 bits', () => {
  const cases: [string, number, number][] = [
    ['union keeps bits above 32', union(BIT_32, 4), BIT_32 + 4],
    ['union of overlapping values', union(BIT_40 + 3, BIT_40 + 5), BIT_40 + 7],
    [
      'intersect keeps only shared high bits',
      intersect(BIT_40 + BIT_32 + 1, BIT_32 + 1),
      BIT_32 + 1,
    ],
    ['without removes a high bit', without(TOP, BIT_32), TOP - BIT_32],
    ['without removes bit 31 (the sign bit of 32-bit maths)', without(2 ** 31 + 1, 2 ** 31), 1],
    ['without a missing bit changes nothing', without(5, BIT_40), 5],
  ];
  for (const [name, actual, expected] of cases) {
    test(name, () => assert.equal(actual, expected));
  }

  test('agrees with bigint arithmetic on pseudo-random 52-bit values', () => {
    let seed = 42;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % 2 ** 31;
    };
    for (let i = 0; i < 500; i++) {
      const a = (next() % 2 ** 21) * 2 ** 31 + next();
      const b = (next() % 2 ** 21) * 2 ** 31 + next();
      const [x, y] = [BigInt(a), BigInt(b)];
      assert.equal(union(a, b), Number(x | y));
      assert.equal(intersect(a, b), Number(x & y));
      assert.equal(without(a, b), Number(x & ~y));
      assert.equal(holds(a, b), (x & y) === y);
    }
  });
});

test('holds needs every bit', () => {
  assert.equal(holds(BIT_40 + BIT_32, BIT_40), true);
  assert.equal(holds(BIT_40, BIT_40 + BIT_32), false);
  assert.equal(holds(7, 0), true);
});

test('isPermissionValue accepts non-negative safe integers only', () => {
  const cases: [unknown, boolean][] = [
    [0, true],
    [TOP, true],
    [Number.MAX_SAFE_INTEGER, true],
    [2 ** 53, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    ['4', false],
    [null, false],
  ];
  for (const [value, expected] of cases)
    assert.equal(isPermissionValue(value), expected, String(value));
});
