import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWith } from '@ermine/testing/errors';
import {
  DISCRIMINATORS,
  foldConfusables,
  pickDiscriminator,
  prepareUsername,
  sanitiseUsername,
  splitUsernameTag,
  validateUsername,
} from './username';

function invalid(fn: () => unknown): void {
  assert.throws(fn, rejectsWith('InvalidUsername'));
}

describe('foldConfusables', () => {
  test('folds Cyrillic and Greek lookalikes in a Latin-looking name, keeping case', () => {
    assert.equal(foldConfusables('аdmin'), 'admin'); // Cyrillic а
    assert.equal(foldConfusables('РаураІ'), 'PaypaI');
    assert.equal(foldConfusables('Αlice'), 'Alice'); // Greek Alpha
    assert.equal(foldConfusables('ΚΟΟL'), 'KOOL');
  });

  test('folds compatibility forms and accents on Latin letters', () => {
    assert.equal(foldConfusables('ＡＢＣ'), 'ABC');
    assert.equal(foldConfusables('𝔽𝕦𝕟'), 'Fun');
    assert.equal(foldConfusables('Zoë'), 'Zoe');
    assert.equal(foldConfusables('Ålësund'), 'Alesund');
  });

  test('leaves names in other scripts alone', () => {
    assert.equal(foldConfusables('Иван'), 'Иван');
    assert.equal(foldConfusables('Αθηνά'), 'Αθηνά');
    assert.equal(foldConfusables('さくら'), 'さくら');
    assert.equal(foldConfusables('ガギ'), 'ガギ');
    assert.equal(foldConfusables('plain_name.1-2'), 'plain_name.1-2');
  });
});

describe('sanitiseUsername', () => {
  test('pads short names with underscores up to the minimum length', () => {
    assert.equal(sanitiseUsername('a', 2), 'a_');
    assert.equal(sanitiseUsername('ab', 4), 'ab__');
    assert.equal(sanitiseUsername('abc', 2), 'abc');
  });

  test('rejects a result that is no longer a valid username', () => {
    invalid(() => sanitiseUsername('a', 40));
  });
});

describe('validateUsername', () => {
  test('reserved names, whatever the case', () => {
    for (const name of ['admin', 'ADMIN', 'Revolt', 'stoat']) invalid(() => validateUsername(name));
    validateUsername('admins');
    validateUsername('stoater');
  });

  test('links and code fences', () => {
    for (const name of ['x```', 'join-discord.gg', 'RVLT.GG', 'stt.gg', 'x.guilded.gg']) {
      invalid(() => validateUsername(name));
    }
    invalid(() => validateUsername('revolt.chat'));
    invalid(() => validateUsername('Stoat.Chat.fan'));
    invalid(() => validateUsername('https://x'));
    invalid(() => validateUsername('http://x'));
  });

  test('homoglyph spoofs of reserved names are caught after folding', () => {
    invalid(() => prepareUsername('аdmіn', 2));
    assert.equal(prepareUsername('Alice', 2), 'Alice');
  });
});

describe('discriminators', () => {
  test('search space is 0002..9998 without the memorable ones', () => {
    assert.equal(DISCRIMINATORS[0], '0002');
    assert.equal(DISCRIMINATORS[DISCRIMINATORS.length - 1], '9998');
    for (const d of ['0000', '0001', '0123', '1234', '1111', '8888', '1488', '9999']) {
      assert.equal(DISCRIMINATORS.includes(d), false, d);
    }
    assert.equal(DISCRIMINATORS.length, 9997 - 11);
  });

  test('pickDiscriminator avoids those in use and returns null when none is free', () => {
    const inUse = DISCRIMINATORS.slice(1);
    assert.equal(pickDiscriminator(inUse), DISCRIMINATORS[0]);
    assert.equal(pickDiscriminator(DISCRIMINATORS), null);
    assert.equal(
      pickDiscriminator([], () => 0),
      '0002',
    );
    assert.equal(
      pickDiscriminator([], () => 0.999999),
      '9998',
    );
  });
});

test('splitUsernameTag', () => {
  assert.deepEqual(splitUsernameTag('alice#0042'), { username: 'alice', discriminator: '0042' });
  assert.equal(splitUsernameTag('alice'), null);
});
