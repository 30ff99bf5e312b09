const MAX_TRACKED = 256;
const RETRY_MS = 30;
const MAX_TRIES = 6;
const GIVE_UP_MS = 1000;

interface Missing {
  since: number;
  lastAsked: number;
  tries: number;
}

/**
 * Detects gaps in one incoming RTP stream (one SSRC) and says which sequence numbers to ask the
 * sender for again (RFC 4585 generic NACK), retrying a few times before giving up.
 */
export class NackRequester {
  private highest = -1;
  private readonly missing = new Map<number, Missing>();

  constructor(readonly ssrc: number) {}

  /** Records an arriving sequence number. */
  received(seq: number, nowMs: number): void {
    if (this.highest < 0) {
      this.highest = seq;
      return;
    }
    const diff = (seq - this.highest) & 0xffff;
    if (diff === 0) return;
    if (diff < 0x8000) {
      if (diff > 1 && diff <= MAX_TRACKED) {
        for (let gap = 1; gap < diff; gap++) {
          this.missing.set((this.highest + gap) & 0xffff, {
            since: nowMs,
            lastAsked: -Infinity,
            tries: 0,
          });
        }
      }
      if (diff > MAX_TRACKED) this.missing.clear();
      this.highest = seq;
      if (this.missing.size > MAX_TRACKED) this.trim();
      return;
    }
    this.missing.delete(seq);
  }

  /** Whether something is waiting to be asked for. */
  get pending(): boolean {
    return this.missing.size > 0;
  }

  /** The sequence numbers to ask for now (and marks them asked). */
  due(nowMs: number): number[] {
    const out: number[] = [];
    for (const [seq, entry] of this.missing) {
      if (nowMs - entry.since > GIVE_UP_MS || entry.tries >= MAX_TRIES) {
        this.missing.delete(seq);
        continue;
      }
      if (nowMs - entry.lastAsked < RETRY_MS) continue;
      entry.lastAsked = nowMs;
      entry.tries++;
      out.push(seq);
    }
    return out;
  }

  private trim(): void {
    const excess = this.missing.size - MAX_TRACKED;
    let removed = 0;
    for (const seq of this.missing.keys()) {
      if (removed++ >= excess) break;
      this.missing.delete(seq);
    }
  }
}

/** Serialises an RTCP generic NACK (RFC 4585 §6.2.1) for `seqs` of `mediaSsrc`. */
export function encodeGenericNack(senderSsrc: number, mediaSsrc: number, seqs: number[]): Buffer {
  // Order by distance from the first one, modulo 2^16, so a wrap keeps them in sequence.
  const ref = seqs[0] ?? 0;
  const key = (seq: number) => (seq - ref + 0x8000) & 0xffff;
  const sorted = [...seqs].sort((a, b) => key(a) - key(b));
  const items: [number, number][] = [];
  for (const seq of sorted) {
    const last = items[items.length - 1];
    if (last) {
      const offset = (seq - last[0]) & 0xffff;
      if (offset >= 1 && offset <= 16) {
        last[1] |= 1 << (offset - 1);
        continue;
      }
    }
    items.push([seq, 0]);
  }
  const buf = Buffer.alloc(12 + items.length * 4);
  buf[0] = 0x80 | 1;
  buf[1] = 205;
  buf.writeUInt16BE(buf.length / 4 - 1, 2);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(mediaSsrc >>> 0, 8);
  items.forEach(([pid, blp], i) => {
    buf.writeUInt16BE(pid, 12 + i * 4);
    buf.writeUInt16BE(blp, 14 + i * 4);
  });
  return buf;
}

/** Serialises an RTCP picture loss indication (RFC 4585 §6.3.1). */
export function encodePli(senderSsrc: number, mediaSsrc: number): Buffer {
  const buf = Buffer.alloc(12);
  buf[0] = 0x80 | 1;
  buf[1] = 206;
  buf.writeUInt16BE(2, 2);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(mediaSsrc >>> 0, 8);
  return buf;
}
