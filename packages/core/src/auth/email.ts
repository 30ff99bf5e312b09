import { domainToASCII } from 'node:url';
import { fail } from '@ermine/result';

const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IP_LITERAL = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]+)\]$/;

function isValidDomain(domain: string): boolean {
  if (IP_LITERAL.test(domain)) return true;
  const ascii = domainToASCII(domain);
  if (ascii === '' || ascii.length > 253) return false;
  return ascii.split('.').every((label) => LABEL.test(label));
}

/** True when `email` has the shape of an address (HTML's rules, IDN domains allowed). */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return local.length <= 64 && LOCAL_PART.test(local) && isValidDomain(domain);
}

/** Throws 400 `IncorrectData {with: "email"}` unless `email` looks like an address. */
export function assertValidEmail(email: string): void {
  if (!isValidEmail(email)) throw fail('IncorrectData', { with: 'email' });
}

/**
 * Stoat's normalised e-mail, the key that makes two addresses the same account: the local part
 * loses everything from the first `+` and every dot, then the whole address is lowercased.
 */
export function normaliseEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return email.toLowerCase();
  const local = email.slice(0, at).replace(/\+.*$/, '').replaceAll('.', '');
  return (local + email.slice(at)).toLowerCase();
}
