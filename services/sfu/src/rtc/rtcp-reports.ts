// RTCP the SFU writes and reads itself. Sender and receiver reports (RFC 3550 §6.4): one compound
// packet per connection and interval instead of werift's one per stream, each with its own timer.
// Feedback (RFC 4585, 5104): the parts of a received compound packet the SFU acts on.

const NTP_EPOCH_OFFSET_S = 2208988800; // 1900-01-01 to 1970-01-01
/** Report blocks or source description chunks one packet can carry (a 5-bit count). */
export const MAX_BLOCKS = 31;
/** How often a connection sends its reports. */
export const REPORT_INTERVAL_MS = 1000;

/** The 64-bit NTP time of a wall-clock time (ms since the Unix epoch), as two 32-bit words. */
export function ntpWords(epochMs: number): [number, number] {
  const seconds = Math.floor(epochMs / 1000);
  const fraction = Math.floor(((epochMs - seconds * 1000) / 1000) * 0x100000000);
  return [(seconds + NTP_EPOCH_OFFSET_S) >>> 0, fraction >>> 0];
}

/** The middle 32 bits of an NTP time (the LSR/DLSR "compact" format). */
export function compactNtp(words: [number, number]): number {
  return (((words[0] & 0xffff) << 16) | (words[1] >>> 16)) >>> 0;
}

/**
 * Reception statistics of one incoming SSRC (RFC 3550 A.1, A.3, A.8): highest sequence number,
 * losses and interarrival jitter, plus the last sender report for round-trip times.
 */
export class ReceptionStats {
  private baseSeq = -1;
  private maxSeq = 0;
  private cycles = 0;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private jitter = 0;
  private lastArrival = 0;
  private lastTimestamp = 0;
  private lastSr = 0;
  private lastSrAtMs = -1;

  constructor(
    readonly ssrc: number,
    private readonly clockRate: number,
  ) {}

  /** Records one packet; `arrivalMs` from a monotonic clock. */
  add(seq: number, timestamp: number, arrivalMs: number): void {
    this.received++;
    const arrival = (arrivalMs * this.clockRate) / 1000;
    if (this.baseSeq < 0) {
      this.baseSeq = seq;
      this.maxSeq = seq;
    } else {
      const delta = (seq - this.maxSeq) & 0xffff;
      if (delta !== 0 && delta < 0x8000) {
        if (seq < this.maxSeq) this.cycles += 0x10000;
        this.maxSeq = seq;
      }
      // Transit-time difference; the timestamp difference is taken modulo 2^32.
      let d = arrival - this.lastArrival - ((timestamp - this.lastTimestamp) | 0);
      if (d < 0) d = -d;
      this.jitter += (d - this.jitter) / 16;
    }
    this.lastArrival = arrival;
    this.lastTimestamp = timestamp;
  }

  /** Records a sender report of this SSRC (its NTP time), received at `nowMs` (monotonic). */
  senderReport(ntp: [number, number], nowMs: number): void {
    this.lastSr = compactNtp(ntp);
    this.lastSrAtMs = nowMs;
  }

  /** Whether a report block can be written (something was received). */
  get active(): boolean {
    return this.baseSeq >= 0;
  }

  /** Writes the 24-byte report block at `offset` and starts the next interval. */
  writeBlock(buf: Buffer, offset: number, nowMs: number): void {
    const extendedMax = this.cycles + this.maxSeq;
    const expected = extendedMax - this.baseSeq + 1;
    const lost = Math.max(-0x800000, Math.min(0x7fffff, expected - this.received));
    const expectedInterval = expected - this.expectedPrior;
    const lostInterval = expectedInterval - (this.received - this.receivedPrior);
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const fraction =
      expectedInterval <= 0 || lostInterval <= 0
        ? 0
        : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
    buf.writeUInt32BE(this.ssrc >>> 0, offset);
    buf.writeUInt32BE(((fraction << 24) | (lost & 0xffffff)) >>> 0, offset + 4);
    buf.writeUInt32BE(extendedMax >>> 0, offset + 8);
    buf.writeUInt32BE(Math.floor(this.jitter) >>> 0, offset + 12);
    const srKnown = this.lastSrAtMs >= 0;
    buf.writeUInt32BE(srKnown ? this.lastSr : 0, offset + 16);
    const dlsr = srKnown ? Math.floor(((nowMs - this.lastSrAtMs) * 65536) / 1000) : 0;
    buf.writeUInt32BE(Math.max(0, Math.min(0xffffffff, dlsr)) >>> 0, offset + 20);
  }
}

/**
 * A receiver report (PT 201) with a block for each active stream (at most 31), or undefined
 * when none is active.
 */
export function encodeReceiverReport(
  senderSsrc: number,
  streams: Iterable<ReceptionStats>,
  nowMs: number,
): Buffer | undefined {
  const active: ReceptionStats[] = [];
  for (const stream of streams) {
    if (stream.active && active.length < MAX_BLOCKS) active.push(stream);
  }
  if (active.length === 0) return undefined;
  const buf = Buffer.alloc(8 + active.length * 24);
  buf[0] = 0x80 | active.length;
  buf[1] = 201;
  buf.writeUInt16BE(buf.length / 4 - 1, 2);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  active.forEach((stream, i) => stream.writeBlock(buf, 8 + i * 24, nowMs));
  return buf;
}

/** What one sending stream reports. */
export interface SenderState {
  ssrc: number;
  /** A wall-clock time (ms since the Unix epoch) and the RTP timestamp sent at that time. */
  clockMs: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  cname: string | undefined;
}

/**
 * A compound packet with one sender report (PT 200, no report blocks) per stream and one source
 * description (PT 202) carrying their CNAMEs; at most 31 streams.
 */
export function encodeSenderReports(senders: SenderState[]): Buffer | undefined {
  const list = senders.slice(0, MAX_BLOCKS);
  if (list.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const sender of list) {
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = 200;
    sr.writeUInt16BE(6, 2);
    sr.writeUInt32BE(sender.ssrc >>> 0, 4);
    const [seconds, fraction] = ntpWords(sender.clockMs);
    sr.writeUInt32BE(seconds, 8);
    sr.writeUInt32BE(fraction, 12);
    sr.writeUInt32BE(sender.rtpTimestamp >>> 0, 16);
    sr.writeUInt32BE(sender.packetCount >>> 0, 20);
    sr.writeUInt32BE(sender.octetCount >>> 0, 24);
    parts.push(sr);
  }
  const chunks: Buffer[] = [];
  for (const sender of list) {
    if (!sender.cname) continue;
    const text = Buffer.from(sender.cname, 'utf8').subarray(0, 255);
    // SSRC, CNAME item (type 1), then at least one zero byte up to a 32-bit boundary.
    const size = Math.ceil((4 + 2 + text.length + 1) / 4) * 4;
    const chunk = Buffer.alloc(size);
    chunk.writeUInt32BE(sender.ssrc >>> 0, 0);
    chunk[4] = 1;
    chunk[5] = text.length;
    text.copy(chunk, 6);
    chunks.push(chunk);
  }
  if (chunks.length > 0) {
    const length = 4 + chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const header = Buffer.alloc(4);
    header[0] = 0x80 | chunks.length;
    header[1] = 202;
    header.writeUInt16BE(length / 4 - 1, 2);
    parts.push(header, ...chunks);
  }
  return Buffer.concat(parts);
}

/** What the SFU acts on in received RTCP. */
export interface RtcpActions {
  /** A generic NACK for packets of `mediaSsrc`. */
  nack?(mediaSsrc: number, lost: number[]): void;
  /** A picture loss indication or a full intra request for `mediaSsrc`. */
  pictureLoss?(mediaSsrc: number): void;
  /** A sender report (its NTP time). */
  senderReport?(ssrc: number, ntp: [number, number]): void;
}

/** Walks a (decrypted) compound packet; stops at the first malformed one. */
export function readRtcp(compound: Buffer, actions: RtcpActions): void {
  let offset = 0;
  while (offset + 4 <= compound.length) {
    const first = compound[offset]!;
    if (first >> 6 !== 2) return;
    const format = first & 0x1f;
    const type = compound[offset + 1]!;
    const end = offset + (compound.readUInt16BE(offset + 2) + 1) * 4;
    if (end > compound.length) return;
    if (type === 200 && end - offset >= 28) {
      actions.senderReport?.(compound.readUInt32BE(offset + 4), [
        compound.readUInt32BE(offset + 8),
        compound.readUInt32BE(offset + 12),
      ]);
    } else if (type === 205 && format === 1 && end - offset >= 16 && actions.nack) {
      const lost: number[] = [];
      for (let i = offset + 12; i + 4 <= end; i += 4) {
        const pid = compound.readUInt16BE(i);
        const blp = compound.readUInt16BE(i + 2);
        lost.push(pid);
        for (let bit = 0; bit < 16; bit++)
          if (blp & (1 << bit)) lost.push((pid + bit + 1) & 0xffff);
      }
      actions.nack(compound.readUInt32BE(offset + 8), lost);
    } else if (type === 206 && format === 1 && end - offset >= 12) {
      actions.pictureLoss?.(compound.readUInt32BE(offset + 8));
    } else if (type === 206 && format === 4) {
      // FIR: one entry (SSRC, sequence number) per media sender.
      for (let i = offset + 12; i + 8 <= end; i += 8)
        actions.pictureLoss?.(compound.readUInt32BE(i));
    }
    offset = end;
  }
}
