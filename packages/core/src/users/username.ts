import { fail } from '@ermine/result';
import { USERNAME_PATTERN, charCount } from '@ermine/models/user';

// Letters of other scripts that look like a Latin letter, case kept: [from, to] by position.
const LOOKALIKE_TABLE: [string, string][] = [
  ['авеһіјкморԛсѕтуүхԁԝӏь', 'abehijkmopqcstyyxdwlb'],
  ['АВЕҺІЈКМНОРԚСЅТУҮХԀԜӀ', 'ABEHIJKMHOPQCSTYYXDWI'],
  ['αβεικνορτυχϲϳω', 'aBeikvoptuxcjw'],
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹͿ', 'ABEZHIKMNOPTYXCJ'],
  ['ıȷɑɡɩʏᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡᴢ', 'ijagiYABCDEGHIJKLMNOPRSTUVWZ'],
];

const LOOKALIKES = new Map<string, string>();
for (const [from, to] of LOOKALIKE_TABLE) {
  const targets = [...to];
  [...from].forEach((ch, i) => LOOKALIKES.set(ch, targets[i] ?? ch));
}

const LATIN_LETTER = /^[A-Za-z]$/u;
const COMBINING_MARK = /^\p{M}$/u;
const LETTER = /^\p{L}$/u;

/** Folds one letter (with any combining marks already split off) to its Latin lookalike. */
function latinOf(ch: string): string | null {
  if (LATIN_LETTER.test(ch)) return ch;
  return LOOKALIKES.get(ch) ?? null;
}

/**
 * Replaces homoglyphs with the Latin letters they imitate, keeping case: compatibility forms
 * (fullwidth, mathematical letters) become plain letters, accents on Latin letters go, and
 * Cyrillic/Greek lookalikes become Latin when every letter of the name has a Latin reading
 * (so a spoof like "аdmin" folds, while a real Cyrillic or Greek name is left alone).
 */
export function foldConfusables(input: string): string {
  const chars = [...input.normalize('NFKD')];
  const letters = chars.filter((ch) => LETTER.test(ch));
  const mapped = letters.every((ch) => latinOf(ch) !== null)
    ? chars.map((ch) => latinOf(ch) ?? ch)
    : chars;
  const out: string[] = [];
  for (const ch of mapped) {
    const prev = out[out.length - 1];
    // Drop accents only where they sit on a Latin base letter.
    if (COMBINING_MARK.test(ch) && prev !== undefined && LATIN_LETTER.test(prev)) continue;
    out.push(ch);
  }
  return out.join('').normalize('NFKC');
}

const BLOCKED_NAMES = new Set(['admin', 'revolt', 'stoat']);
const BLOCKED_PATTERN = /`{3}|(discord|rvlt|guilded|stt)\.gg|(revolt|stoat)\.chat|https?:\/\//iu;

/**
 * Stoat's username sanitising: homoglyphs folded (case kept), then padded with `_` up to
 * `minLength` characters. Throws InvalidUsername when the result is not a valid username.
 */
export function sanitiseUsername(input: string, minLength: number): string {
  let name = foldConfusables(input);
  const missing = minLength - charCount(name);
  if (missing > 0) name += '_'.repeat(missing);
  if (charCount(name) > 32 || !USERNAME_PATTERN.test(name)) throw fail('InvalidUsername');
  return name;
}

/** Rejects reserved names and names carrying links or code fences (InvalidUsername). */
export function validateUsername(name: string): void {
  if (BLOCKED_NAMES.has(name.toLowerCase()) || BLOCKED_PATTERN.test(name)) {
    throw fail('InvalidUsername');
  }
}

/** Sanitises then validates; the name to store. */
export function prepareUsername(input: string, minLength: number): string {
  const name = sanitiseUsername(input, minLength);
  validateUsername(name);
  return name;
}

const EXCLUDED_DISCRIMINATORS = new Set([
  '0123',
  '1234',
  '1111',
  '2222',
  '3333',
  '4444',
  '5555',
  '6666',
  '7777',
  '8888',
  '1488',
]);

/** Every discriminator a user may be given: "0002".."9998" minus a few memorable ones. */
export const DISCRIMINATORS: readonly string[] = Array.from({ length: 9997 }, (_, i) =>
  String(i + 2).padStart(4, '0'),
).filter((d) => !EXCLUDED_DISCRIMINATORS.has(d));

/**
 * A random free discriminator, or null when all are in use. `random` returns [0, 1).
 */
export function pickDiscriminator(
  inUse: Iterable<string>,
  random: () => number = Math.random,
): string | null {
  const taken = new Set(inUse);
  const free = DISCRIMINATORS.filter((d) => !taken.has(d));
  if (free.length === 0) return null;
  return free[Math.floor(random() * free.length)] ?? free[0] ?? null;
}

/** Splits `name#1234` at the first `#`; null when there is no `#`. */
export function splitUsernameTag(tag: string): { username: string; discriminator: string } | null {
  const at = tag.indexOf('#');
  if (at < 0) return null;
  return { username: tag.slice(0, at), discriminator: tag.slice(at + 1) };
}
