/**
 * Encryption at rest for the `blobs` drivers: AES-256-GCM with a random 96-bit IV per object.
 *
 * Stored layout (one self-contained object, nothing kept elsewhere):
 *   "EB01" | iv (12 bytes) | content-type length (uint16 BE) | content type (UTF-8) | ciphertext | tag (16)
 * Everything before the ciphertext is authenticated as additional data, so neither the bytes
 * nor the content type can be altered without the read failing.
 */
import type { BlobInfo } from './ports';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('EB01', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CONTENT_TYPE_BYTES = 0xffff;

/** A sealed blob could not be opened: wrong key, corrupted bytes, or not a sealed blob. */
export class BlobDecryptionError extends Error {
  override name = 'BlobDecryptionError';
}

/** Decodes `files.encryption_key` (base64 of 32 bytes); throws a clear error otherwise. */
export function parseEncryptionKey(base64: string): Buffer {
  const text = (base64 ?? '').trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text) || key.length !== 32) {
    throw new Error(
      'files.encryption_key must be the base64 encoding of exactly 32 random bytes ' +
        '(generate one with: openssl rand -base64 32)',
    );
  }
  return key;
}

/** Encrypts `data` and its content type into one stored object. */
export function sealBlob(key: Buffer, data: Uint8Array, contentType: string): Buffer {
  const type = Buffer.from(contentType, 'utf8');
  if (type.length > MAX_CONTENT_TYPE_BYTES) throw new Error('content type too long');
  const iv = randomBytes(IV_BYTES);
  const typeLength = Buffer.alloc(2);
  typeLength.writeUInt16BE(type.length);
  const header = Buffer.concat([MAGIC, iv, typeLength, type]);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

/** Decrypts an object made by `sealBlob`; throws BlobDecryptionError unless the tag checks out. */
export function openBlob(key: Buffer, sealed: Uint8Array): { data: Buffer; contentType: string } {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const fixed = MAGIC.length + IV_BYTES + 2;
  if (buf.length < fixed + TAG_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BlobDecryptionError('stored blob is not in the encrypted format');
  }
  const iv = buf.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const typeLength = buf.readUInt16BE(MAGIC.length + IV_BYTES);
  const headerEnd = fixed + typeLength;
  if (buf.length < headerEnd + TAG_BYTES) throw new BlobDecryptionError('stored blob is truncated');
  const header = buf.subarray(0, headerEnd);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  try {
    const data = Buffer.concat([
      decipher.update(buf.subarray(headerEnd, buf.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return { data, contentType: buf.subarray(fixed, headerEnd).toString('utf8') };
  } catch {
    throw new BlobDecryptionError(
      'stored blob failed authentication: wrong files.encryption_key or corrupted data',
    );
  }
}

/** Bytes `sealBlob` adds to a blob with this content type (header and tag). */
export function sealOverhead(contentType: string): number {
  return MAGIC.length + IV_BYTES + 2 + Buffer.byteLength(contentType, 'utf8') + TAG_BYTES;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/**
 * Checks a bucket name or object key (key segments may be joined by "/"): letters, digits, ".",
 * "_" and "-", no empty segment and none starting with ".", so a key never escapes its folder.
 */
export function assertBlobName(kind: 'bucket' | 'key', name: string): void {
  const segments = kind === 'bucket' ? [name] : name.split('/');
  // SEGMENT cannot start with ".", which also rules out "." and "..".
  const ok = segments.every((s) => SEGMENT.test(s));
  if (!ok) throw new Error(`invalid blob ${kind} name: ${JSON.stringify(name)}`);
}

/** Opens a sealed blob into what `Blobs.get` returns: its bytes and their metadata. */
export function openStoredBlob(
  key: Buffer,
  sealed: Uint8Array,
): { data: Uint8Array; info: BlobInfo } {
  const { data, contentType } = openBlob(key, sealed);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    info: { size: data.length, contentType },
  };
}
