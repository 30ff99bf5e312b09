import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StoatError } from '@ermine/result';
import { assertValidEmail, isValidEmail, normaliseEmail } from './email';

describe('e-mail rules', () => {
  test('normalisation drops +tags and dots from the local part and lowercases', () => {
    assert.equal(normaliseEmail('John.Smith+news@Example.COM'), 'johnsmith@example.com');
    assert.equal(normaliseEmail('a.b.c@d.e'), 'abc@d.e');
    assert.equal(normaliseEmail('plain@x.org'), 'plain@x.org');
    // Dots in the domain stay.
    assert.equal(normaliseEmail('x+1+2@mail.example.org'), 'x@mail.example.org');
  });

  test('valid addresses', () => {
    for (const ok of [
      'a@b.co',
      'first.last@example.com',
      'user+tag@sub.example.org',
      "o'brien@example.ie",
      'x@localhost',
      'user@bücher.de',
      'me@[127.0.0.1]',
    ]) {
      assert.equal(isValidEmail(ok), true, ok);
    }
  });

  test('invalid addresses', () => {
    for (const bad of [
      '',
      'plain',
      '@example.com',
      'a@',
      'a b@example.com',
      'a@b@c.com',
      'a@-bad-.com',
      'a@exa mple.com',
      `${'x'.repeat(65)}@example.com`,
      `a@${'b'.repeat(250)}.com`,
    ]) {
      assert.equal(isValidEmail(bad), false, bad);
    }
  });

  test('assertValidEmail throws IncorrectData with "email"', () => {
    assert.throws(
      () => assertValidEmail('nope'),
      (err: unknown) =>
        err instanceof StoatError && err.type === 'IncorrectData' && err.fields.with === 'email',
    );
  });
});
