import { createCipheriv, createDecipheriv, createHmac, type Cipher } from 'node:crypto';

// SRTP packet protection (RFC 3711 AES_CM_128_HMAC_SHA1_80, RFC 7714 AEAD_AES_128_GCM) with the
// session keys werift derived. Node's crypto needs a new cipher object per packet (a new IV),
// and creating one costs more than encrypting 100 bytes; for small packets (audio) the key
// stream comes from one AES-ECB object kept per key and the GHASH / HMAC-SHA1 is computed here,
// with tables and pads prepared once. Large packets use node's ciphers.

/** The session keys of one direction, as werift's SRTP cipher objects (0.24) hold them. */
export interface SessionKeys {
  srtpSessionKey?: Buffer;
  srtpSessionSalt?: Buffer;
  /** AES-CM: the HMAC-SHA1 key. */
  srtpSessionAuthTag?: Buffer;
  srtcpSessionKey?: Buffer;
  srtcpSessionSalt?: Buffer;
  srtcpSessionAuthTag?: Buffer;
  /** AES-GCM: 16. */
  aeadAuthTagLen?: number;
}

/** Protects and checks the RTP packets of one direction of an SRTP session. */
export interface RtpCipher {
  /** Bytes the protection adds after the payload. */
  readonly tagLength: number;
  /** header, encrypted payload and tag in one buffer. */
  protect(header: Buffer, payload: Buffer, ssrc: number, seq: number, roc: number): Buffer;
  /** The payload of packet[headerLength, packet.length - tagLength); undefined if not authentic. */
  unprotect(
    packet: Buffer,
    headerLength: number,
    ssrc: number,
    seq: number,
    roc: number,
  ): Buffer | undefined;
}

/** Checks and decrypts the SRTCP packets of one direction. */
export interface RtcpCipher {
  /**
   * The RTCP compound packet of an encrypted SRTCP packet; undefined if not authentic or not
   * encrypted (the E flag: werift handles those).
   */
  unprotectRtcp(packet: Buffer): Buffer | undefined;
}

// Up to this payload size the JS path is the cheaper one (measured with Node 20, x86-64).
const SMALL_PAYLOAD = 256;

const rtpCiphers = new WeakMap<object, (RtpCipher & RtcpCipher) | null>();
const rtcpCiphers = new WeakMap<object, (RtpCipher & RtcpCipher) | null>();

/** The SRTP cipher for werift's session keys (one per key object); undefined for another profile. */
export function rtpCipherFor(keys: SessionKeys): RtpCipher | undefined {
  let cipher = rtpCiphers.get(keys);
  if (cipher === undefined) {
    cipher = makeCipher(keys, keys.srtpSessionKey, keys.srtpSessionSalt, keys.srtpSessionAuthTag);
    rtpCiphers.set(keys, cipher);
  }
  return cipher ?? undefined;
}

/** The SRTCP cipher for werift's session keys (one per key object); undefined for another profile. */
export function rtcpCipherFor(keys: SessionKeys): RtcpCipher | undefined {
  let cipher = rtcpCiphers.get(keys);
  if (cipher === undefined) {
    cipher = makeCipher(
      keys,
      keys.srtcpSessionKey,
      keys.srtcpSessionSalt,
      keys.srtcpSessionAuthTag,
    );
    rtcpCiphers.set(keys, cipher);
  }
  return cipher ?? undefined;
}

function makeCipher(
  keys: SessionKeys,
  key: Buffer | undefined,
  salt: Buffer | undefined,
  authKey: Buffer | undefined,
): (RtpCipher & RtcpCipher) | null {
  if (!key || key.length !== 16 || !salt) return null;
  // werift keeps 14 bytes of session salt for both profiles; GCM uses the first 12.
  if (keys.aeadAuthTagLen === 16 && salt.length >= 12) return new AesGcmCipher(key, salt);
  if (keys.aeadAuthTagLen === undefined && salt.length >= 14 && authKey)
    return new AesCmCipher(key, salt, authKey);
  return null;
}

// Packets whose key streams are computed together: one AES-ECB call costs about as much for
// eight small packets as for one. Sequence numbers of a stream are predictable, so the counter
// blocks of its next packets are encrypted ahead; a key stream is only ever used for its own
// packet index (a retransmission gets the same bytes again, as it would anyway).
const BATCH = 8;
const MAX_STREAMS = 64;

/** Writes the counter blocks of one packet: `blocks` blocks at counters[at]. */
type CounterFill = (
  counters: Buffer,
  at: number,
  ssrc: number,
  roc: number,
  seq: number,
  blocks: number,
) => void;

interface Batch {
  /** Packet index (ROC · 2^16 + SEQ) of the first packet. */
  first: number;
  count: number;
  /** Blocks per packet. */
  blocks: number;
  stream: Buffer;
}

class KeyStreams {
  /** Where the last packet's key stream starts in the returned buffer. */
  offset = 0;
  private readonly batches = new Map<number, Batch>();
  private readonly counters: Buffer;

  constructor(
    private readonly ecb: Cipher,
    private readonly fill: CounterFill,
    maxBlocks: number,
  ) {
    this.counters = Buffer.alloc(BATCH * maxBlocks * 16);
  }

  /** The key stream of one packet (`blocks` blocks) from `offset`; `ahead`: batch this stream. */
  get(ssrc: number, roc: number, seq: number, blocks: number, ahead: boolean): Buffer {
    const index = roc * 0x10000 + seq;
    const batch = ahead ? this.batches.get(ssrc) : undefined;
    if (batch && index >= batch.first && index < batch.first + batch.count) {
      if (blocks <= batch.blocks) {
        this.offset = (index - batch.first) * batch.blocks * 16;
        return batch.stream;
      }
    }
    // Behind the batch (a retransmission): that packet alone.
    const alone = !ahead || (batch !== undefined && index < batch.first);
    const count = alone ? 1 : BATCH;
    const per = !alone && batch ? Math.max(blocks, batch.blocks) : blocks;
    const counters = this.counters;
    for (let k = 0; k < count; k++) {
      const next = index + k;
      this.fill(counters, k * per * 16, ssrc, Math.floor(next / 0x10000), next & 0xffff, per);
    }
    const stream = this.ecb.update(counters.subarray(0, count * per * 16));
    if (!alone) {
      if (!batch && this.batches.size >= MAX_STREAMS) this.batches.clear();
      this.batches.set(ssrc, { first: index, count, blocks: per, stream });
    }
    this.offset = 0;
    return stream;
  }
}

/** RFC 7714: AEAD_AES_128_GCM, 16-byte tag, the RTP header as additional data. */
export class AesGcmCipher implements RtpCipher, RtcpCipher {
  readonly tagLength = 16;
  private readonly table: Int32Array;
  private readonly ghash = new Int32Array(4);
  private readonly iv = Buffer.alloc(12);
  private readonly tag = Buffer.alloc(16);
  private readonly rtcpAad = Buffer.alloc(12);
  private readonly streams: KeyStreams;

  constructor(
    private readonly key: Buffer,
    private readonly salt: Buffer,
  ) {
    const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    this.table = ghashTable(ecb.update(Buffer.alloc(16)));
    this.streams = new KeyStreams(
      ecb,
      // Counter blocks J0 = IV | 1, then IV | 2, ...: E(J0) for the tag, then the key stream.
      (counters, at, ssrc, roc, seq, blocks) =>
        fillCounters(counters, at, this.nonce(ssrc, seq, roc), 1, blocks),
      2 + SMALL_PAYLOAD / 16,
    );
  }

  protect(header: Buffer, payload: Buffer, ssrc: number, seq: number, roc: number): Buffer {
    const hl = header.length;
    const n = payload.length;
    if (n > SMALL_PAYLOAD) {
      const cipher = createCipheriv('aes-128-gcm', this.key, this.nonce(ssrc, seq, roc));
      cipher.setAAD(header);
      const body = cipher.update(payload);
      cipher.final();
      return Buffer.concat([header, body, cipher.getAuthTag()], hl + n + 16);
    }
    const stream = this.streams.get(ssrc, roc, seq, 1 + Math.ceil(n / 16), true);
    const at = this.streams.offset;
    const out = Buffer.allocUnsafe(hl + n + 16);
    header.copy(out, 0);
    for (let i = 0; i < n; i++) out[hl + i] = payload[i]! ^ stream[at + 16 + i]!;
    this.authenticate(out, 0, hl, out, hl, n, stream, at);
    this.tag.copy(out, hl + n);
    return out;
  }

  unprotect(
    packet: Buffer,
    headerLength: number,
    ssrc: number,
    seq: number,
    roc: number,
  ): Buffer | undefined {
    const end = packet.length - 16;
    const n = end - headerLength;
    if (n < 0) return undefined;
    if (n > SMALL_PAYLOAD) {
      try {
        const decipher = createDecipheriv('aes-128-gcm', this.key, this.nonce(ssrc, seq, roc));
        decipher.setAAD(packet.subarray(0, headerLength));
        decipher.setAuthTag(packet.subarray(end));
        const payload = decipher.update(packet.subarray(headerLength, end));
        decipher.final();
        return payload;
      } catch {
        return undefined;
      }
    }
    const stream = this.streams.get(ssrc, roc, seq, 1 + Math.ceil(n / 16), true);
    const at = this.streams.offset;
    this.authenticate(packet, 0, headerLength, packet, headerLength, n, stream, at);
    if (!sameBytes(this.tag, packet, end, 16)) return undefined;
    const payload = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) payload[i] = packet[headerLength + i]! ^ stream[at + 16 + i]!;
    return payload;
  }

  // RFC 7714 §9: 8 bytes in the clear, the encrypted rest, the tag, then E flag and index; the
  // additional data is the first 8 bytes followed by the E flag and index. The IV is the RTP one
  // with the 31-bit index in place of ROC and SEQ (0x0000 | SSRC | 0x0000 | index).
  unprotectRtcp(packet: Buffer): Buffer | undefined {
    const length = packet.length;
    const n = length - 8 - 16 - 4;
    if (n < 0) return undefined;
    const trailer = packet.readUInt32BE(length - 4);
    if (!(trailer & 0x80000000)) return undefined;
    const ssrc = packet.readUInt32BE(4);
    const index = trailer & 0x7fffffff;
    const aad = this.rtcpAad;
    packet.copy(aad, 0, 0, 8);
    packet.copy(aad, 8, length - 4);
    const out = Buffer.allocUnsafe(8 + n);
    packet.copy(out, 0, 0, 8);
    if (n > SMALL_PAYLOAD) {
      try {
        const iv = this.nonce(ssrc, index & 0xffff, index >>> 16);
        const decipher = createDecipheriv('aes-128-gcm', this.key, iv);
        decipher.setAAD(aad);
        decipher.setAuthTag(packet.subarray(8 + n, 8 + n + 16));
        decipher.update(packet.subarray(8, 8 + n)).copy(out, 8);
        decipher.final();
        return out;
      } catch {
        return undefined;
      }
    }
    const blocks = 1 + Math.ceil(n / 16);
    const stream = this.streams.get(ssrc, index >>> 16, index & 0xffff, blocks, false);
    const at = this.streams.offset;
    this.authenticate(aad, 0, 12, packet, 8, n, stream, at);
    if (!sameBytes(this.tag, packet, 8 + n, 16)) return undefined;
    for (let i = 0; i < n; i++) out[8 + i] = packet[8 + i]! ^ stream[at + 16 + i]!;
    return out;
  }

  // IV = salt XOR (0x0000 | SSRC | ROC | SEQ), RFC 7714 §8.1.
  private nonce(ssrc: number, seq: number, roc: number): Buffer {
    const iv = this.iv;
    const salt = this.salt;
    iv.writeUInt16BE(0, 0);
    iv.writeUInt32BE(ssrc >>> 0, 2);
    iv.writeUInt32BE(roc >>> 0, 6);
    iv.writeUInt16BE(seq, 10);
    for (let i = 0; i < 12; i++) iv[i] = iv[i]! ^ salt[i]!;
    return iv;
  }

  // The tag of additional data aad[aadStart, +aadLength) and ciphertext data[start, +n), into
  // this.tag; E(J0) is stream[at, +16).
  private authenticate(
    aad: Buffer,
    aadStart: number,
    aadLength: number,
    data: Buffer,
    start: number,
    n: number,
    stream: Buffer,
    at: number,
  ): void {
    const state = this.ghash;
    state.fill(0);
    ghashAbsorb(state, this.table, aad, aadStart, aadStart + aadLength);
    ghashAbsorb(state, this.table, data, start, start + n);
    // Lengths in bits: len(A) and len(C) as 64-bit numbers (both below 2^32 here).
    state[1] = state[1]! ^ (aadLength * 8);
    state[3] = state[3]! ^ (n * 8);
    ghashMultiply(state, this.table);
    const tag = this.tag;
    for (let i = 0; i < 4; i++) tag.writeInt32BE(state[i]! ^ stream.readInt32BE(at + i * 4), i * 4);
  }
}

/** RFC 3711: AES_CM_128_HMAC_SHA1_80, 10-byte tag over the packet and the ROC. */
export class AesCmCipher implements RtpCipher, RtcpCipher {
  readonly tagLength = 10;
  private readonly hmac: HmacSha1;
  private readonly iv = Buffer.alloc(16);
  private readonly mac = Buffer.alloc(20);
  private readonly streams: KeyStreams;

  constructor(
    private readonly key: Buffer,
    private readonly salt: Buffer,
    private readonly authKey: Buffer,
  ) {
    const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    this.hmac = new HmacSha1(authKey);
    this.streams = new KeyStreams(
      ecb,
      // The low 16 bits of the first counter block are zero, so the increments never carry.
      (counters, at, ssrc, roc, seq, blocks) => {
        const iv = this.counter(ssrc, seq, roc);
        fillCounters(counters, at, iv, iv.readInt32BE(12), blocks);
      },
      SMALL_PAYLOAD / 16,
    );
  }

  protect(header: Buffer, payload: Buffer, ssrc: number, seq: number, roc: number): Buffer {
    const hl = header.length;
    const n = payload.length;
    const out = Buffer.allocUnsafe(hl + n + 10);
    header.copy(out, 0);
    this.crypt(ssrc, seq, roc, payload, 0, n, out, hl, true);
    this.sign(out, hl + n, roc);
    this.mac.copy(out, hl + n, 0, 10);
    return out;
  }

  // RFC 3711 §3.4: 8 bytes in the clear, the encrypted rest, E flag and index, then the tag over
  // everything before it; the key stream uses the index as the RTP one uses ROC and SEQ.
  unprotectRtcp(packet: Buffer): Buffer | undefined {
    const authEnd = packet.length - 10;
    const n = authEnd - 4 - 8;
    if (n < 0) return undefined;
    const trailer = packet.readUInt32BE(authEnd - 4);
    if (!(trailer & 0x80000000)) return undefined;
    this.sign(packet, authEnd, -1);
    if (!sameBytes(this.mac, packet, authEnd, 10)) return undefined;
    const index = trailer & 0x7fffffff;
    const out = Buffer.allocUnsafe(8 + n);
    packet.copy(out, 0, 0, 8);
    this.crypt(packet.readUInt32BE(4), index & 0xffff, index >>> 16, packet, 8, n, out, 8, false);
    return out;
  }

  unprotect(
    packet: Buffer,
    headerLength: number,
    ssrc: number,
    seq: number,
    roc: number,
  ): Buffer | undefined {
    const end = packet.length - 10;
    const n = end - headerLength;
    if (n < 0) return undefined;
    this.sign(packet, end, roc);
    if (!sameBytes(this.mac, packet, end, 10)) return undefined;
    const payload = Buffer.allocUnsafe(n);
    this.crypt(ssrc, seq, roc, packet, headerLength, n, payload, 0, true);
    return payload;
  }

  // AES-CM of src[start, +n) into dst[at, +n); `ahead`: a media stream (see KeyStreams).
  private crypt(
    ssrc: number,
    seq: number,
    roc: number,
    src: Buffer,
    start: number,
    n: number,
    dst: Buffer,
    at: number,
    ahead: boolean,
  ): void {
    if (n > SMALL_PAYLOAD) {
      createCipheriv('aes-128-ctr', this.key, this.counter(ssrc, seq, roc))
        .update(src.subarray(start, start + n))
        .copy(dst, at);
      return;
    }
    const stream = this.streams.get(ssrc, roc, seq, Math.max(1, Math.ceil(n / 16)), ahead);
    const from = this.streams.offset;
    for (let i = 0; i < n; i++) dst[at + i] = src[start + i]! ^ stream[from + i]!;
  }

  // The first counter block: (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16).
  private counter(ssrc: number, seq: number, roc: number): Buffer {
    const iv = this.iv;
    this.salt.copy(iv, 0, 0, 14);
    iv.writeUInt16BE(0, 14);
    iv.writeInt32BE(iv.readInt32BE(4) ^ ssrc, 4);
    iv.writeInt32BE(iv.readInt32BE(8) ^ roc, 8);
    iv.writeUInt16BE(iv.readUInt16BE(12) ^ seq, 12);
    return iv;
  }

  // HMAC-SHA1 of buf[0, end) followed by the ROC (none when -1: RTCP), into this.mac.
  private sign(buf: Buffer, end: number, roc: number): void {
    if (end <= SMALL_PAYLOAD) {
      this.hmac.sign(buf, end, roc, this.mac);
      return;
    }
    const hmac = createHmac('sha1', this.authKey).update(buf.subarray(0, end));
    if (roc >= 0) {
      const rocBytes = Buffer.allocUnsafe(4);
      rocBytes.writeUInt32BE(roc >>> 0, 0);
      hmac.update(rocBytes);
    }
    hmac.digest().copy(this.mac);
  }
}

// `blocks` counter blocks at counters[at]: the first 12 bytes of `iv`, then a 32-bit counter
// from `first` (both profiles count in the last word only).
function fillCounters(
  counters: Buffer,
  at: number,
  iv: Buffer,
  first: number,
  blocks: number,
): void {
  const w0 = iv.readInt32BE(0);
  const w1 = iv.readInt32BE(4);
  const w2 = iv.readInt32BE(8);
  for (let b = 0; b < blocks; b++) {
    const o = at + b * 16;
    counters.writeInt32BE(w0, o);
    counters.writeInt32BE(w1, o + 4);
    counters.writeInt32BE(w2, o + 8);
    counters.writeInt32BE(first + b, o + 12);
  }
}

function sameBytes(expected: Buffer, buf: Buffer, offset: number, length: number): boolean {
  let diff = 0;
  for (let i = 0; i < length; i++) diff |= expected[i]! ^ buf[offset + i]!;
  return diff === 0;
}

// ---- GHASH (GCM's universal hash, NIST SP 800-38D §6.4) ----
// Field elements are four 32-bit words, most significant first, in GCM's bit order (the first
// bit of a block is the coefficient of x^0). Multiplication by H uses Shoup's method with 8-bit
// tables: table[b] = b · H for every byte b, and REDUCE[r] the reduction of the 8 bits that
// leave the element when it is multiplied by x^8.

const REDUCE = (() => {
  const table = new Int32Array(256);
  for (let r = 0; r < 256; r++) {
    let value = 0;
    // Bit j of r stands for x^(127-j); times x^8 it becomes x^(135-j) = x^(7-j) · x^128, and
    // x^128 = 1 + x + x^2 + x^7, i.e. 0xe1 in the top byte, shifted by 7-j.
    for (let j = 0; j < 8; j++) if (r & (1 << j)) value ^= 0xe1000000 >>> (7 - j);
    table[r] = value;
  }
  return table;
})();

function ghashTable(h: Buffer): Int32Array {
  const table = new Int32Array(256 * 4);
  // powers[j] = H · x^j for the 8 bits of a byte (its first bit is x^0).
  const powers: number[][] = [];
  const v = [h.readInt32BE(0), h.readInt32BE(4), h.readInt32BE(8), h.readInt32BE(12)];
  for (let j = 0; j < 8; j++) {
    powers.push(v.slice());
    const carry = v[3]! & 1;
    v[3] = (v[3]! >>> 1) | (v[2]! << 31);
    v[2] = (v[2]! >>> 1) | (v[1]! << 31);
    v[1] = (v[1]! >>> 1) | (v[0]! << 31);
    v[0] = (v[0]! >>> 1) ^ (carry ? 0xe1000000 : 0);
  }
  for (let b = 0; b < 256; b++) {
    for (let j = 0; j < 8; j++) {
      if (!(b & (0x80 >> j))) continue;
      const power = powers[j]!;
      for (let w = 0; w < 4; w++) table[b * 4 + w] = table[b * 4 + w]! ^ power[w]!;
    }
  }
  return table;
}

// state = state · H
function ghashMultiply(state: Int32Array, table: Int32Array): void {
  // Horner's rule from the last byte to the first: z = z · x^8 + byte · H.
  let word = state[3]!;
  let k = (word & 0xff) << 2;
  let z0 = table[k]!;
  let z1 = table[k + 1]!;
  let z2 = table[k + 2]!;
  let z3 = table[k + 3]!;
  let shift = 8;
  for (let w = 3; w >= 0; w--) {
    word = state[w]!;
    for (; shift < 32; shift += 8) {
      const out = z3 & 0xff;
      z3 = (z3 >>> 8) | (z2 << 24);
      z2 = (z2 >>> 8) | (z1 << 24);
      z1 = (z1 >>> 8) | (z0 << 24);
      z0 = (z0 >>> 8) ^ REDUCE[out]!;
      k = ((word >>> shift) & 0xff) << 2;
      z0 ^= table[k]!;
      z1 ^= table[k + 1]!;
      z2 ^= table[k + 2]!;
      z3 ^= table[k + 3]!;
    }
    shift = 0;
  }
  state[0] = z0;
  state[1] = z1;
  state[2] = z2;
  state[3] = z3;
}

// Absorbs buf[start, end) block by block, the last one padded with zeros.
function ghashAbsorb(
  state: Int32Array,
  table: Int32Array,
  buf: Buffer,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i += 16) {
    if (end - i >= 16) {
      for (let w = 0; w < 4; w++) {
        const o = i + w * 4;
        state[w] =
          state[w]! ^ ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!);
      }
    } else {
      for (let j = i; j < end; j++) {
        const at = j - i;
        state[at >> 2] = state[at >> 2]! ^ (buf[j]! << ((3 - (at & 3)) << 3));
      }
    }
    ghashMultiply(state, table);
  }
}

// ---- HMAC-SHA1 (RFC 2104, FIPS 180-4) with the key's inner and outer states computed once ----

const SHA1_INIT = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

class HmacSha1 {
  private readonly inner = Int32Array.from(SHA1_INIT);
  private readonly outer = Int32Array.from(SHA1_INIT);
  private readonly state = new Int32Array(5);
  private readonly words = new Int32Array(80);
  private readonly block = Buffer.alloc(128);

  constructor(key: Buffer) {
    const pad = Buffer.alloc(64);
    key.copy(pad);
    const ipad = Buffer.alloc(64);
    const opad = Buffer.alloc(64);
    for (let i = 0; i < 64; i++) {
      ipad[i] = pad[i]! ^ 0x36;
      opad[i] = pad[i]! ^ 0x5c;
    }
    this.compress(this.inner, ipad, 0);
    this.compress(this.outer, opad, 0);
  }

  /** The MAC of buf[0, end) followed by `roc` (32 bits; none when -1), into out[0, 20). */
  sign(buf: Buffer, end: number, roc: number, out: Buffer): void {
    const h = this.state;
    h.set(this.inner);
    let i = 0;
    while (end - i >= 64) {
      this.compress(h, buf, i);
      i += 64;
    }
    const block = this.block;
    let rest = end - i;
    buf.copy(block, 0, i, end);
    const suffix = roc >= 0 ? 4 : 0;
    if (suffix) block.writeUInt32BE(roc >>> 0, rest);
    rest += suffix;
    block[rest] = 0x80;
    const size = rest + 1 + 8 <= 64 ? 64 : 128;
    block.fill(0, rest + 1, size - 4);
    block.writeUInt32BE((64 + end + suffix) * 8, size - 4);
    this.compress(h, block, 0);
    if (size === 128) this.compress(h, block, 64);
    for (let w = 0; w < 5; w++) block.writeInt32BE(h[w]!, w * 4);
    block[20] = 0x80;
    block.fill(0, 21, 60);
    block.writeUInt32BE((64 + 20) * 8, 60);
    h.set(this.outer);
    this.compress(h, block, 0);
    for (let w = 0; w < 5; w++) out.writeInt32BE(h[w]!, w * 4);
  }

  private compress(h: Int32Array, buf: Buffer, offset: number): void {
    const w = this.words;
    for (let t = 0; t < 16; t++) w[t] = buf.readInt32BE(offset + t * 4);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
  }
}
