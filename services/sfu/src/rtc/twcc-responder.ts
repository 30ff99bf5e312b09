/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01)
 * for one publisher transport: records the arrival time of every transport sequence number across
 * all of the transport's streams and reports them, with losses, every `intervalMs`.
 */
export class TwccResponder {
  private readonly arrivals = new Map<number, number>();
  private lastSeq16 = -1;
  private lastUnwrapped = 0;
  private nextBase = -1;
  private highest = -1;
  private fbCount = 0;
  private mediaSsrc = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly send: (packet: Buffer) => void,
    private readonly senderSsrc: number,
    private readonly intervalMs = 50,
  ) {}

  /**
   * Records one packet's transport sequence number at `nowUs` (microseconds, monotonic).
   * `mediaSsrc` names one of the sender's streams: Chrome ignores feedback for unknown SSRCs.
   */
  record(seq16: number, nowUs: number, mediaSsrc: number): void {
    this.mediaSsrc = mediaSsrc;
    const seq = this.unwrap(seq16);
    if (this.nextBase < 0) this.nextBase = seq;
    if (seq < this.nextBase) return; // already reported as lost; too late
    this.arrivals.set(seq, nowUs);
    if (seq > this.highest) this.highest = seq;
    if (!this.timer) {
      this.timer = setInterval(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Builds and sends the feedback for everything recorded so far. */
  flush(): void {
    if (this.nextBase < 0 || this.highest < this.nextBase) return;
    // One feedback covers at most 0xffff statuses; older ones are dropped as lost.
    if (this.highest - this.nextBase > 8000) this.nextBase = this.highest - 8000;
    const packet = this.build(this.nextBase, this.highest, this.mediaSsrc);
    for (let seq = this.nextBase; seq <= this.highest; seq++) this.arrivals.delete(seq);
    this.nextBase = this.highest + 1;
    if (packet) this.send(packet);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.arrivals.clear();
  }

  private unwrap(seq16: number): number {
    if (this.lastSeq16 < 0) {
      this.lastSeq16 = seq16;
      this.lastUnwrapped = seq16 + 0x10000;
      return this.lastUnwrapped;
    }
    let diff = (seq16 - this.lastSeq16) & 0xffff;
    if (diff >= 0x8000) diff -= 0x10000;
    const unwrapped = this.lastUnwrapped + diff;
    if (diff > 0) {
      this.lastSeq16 = seq16;
      this.lastUnwrapped = unwrapped;
    }
    return unwrapped;
  }

  private build(first: number, last: number, mediaSsrc: number): Buffer | undefined {
    let firstArrival: number | undefined;
    for (let seq = first; seq <= last; seq++) {
      const at = this.arrivals.get(seq);
      if (at !== undefined) {
        firstArrival = at;
        break;
      }
    }
    if (firstArrival === undefined) return undefined;
    const referenceTime = Math.floor(firstArrival / 64000);
    let previous = referenceTime * 64000;
    const statuses: number[] = [];
    const deltas: number[] = [];
    for (let seq = first; seq <= last; seq++) {
      const at = this.arrivals.get(seq);
      if (at === undefined) {
        statuses.push(0);
        continue;
      }
      let ticks = Math.round((at - previous) / 250);
      if (ticks < -32768) ticks = -32768;
      if (ticks > 32767) ticks = 32767;
      previous += ticks * 250;
      statuses.push(ticks >= 0 && ticks <= 255 ? 1 : 2);
      deltas.push(ticks);
    }
    const chunks = encodeChunks(statuses);
    const deltaBytes = statuses.reduce((sum, status) => sum + (status === 0 ? 0 : status), 0);
    const bodyLength = 16 + chunks.length * 2 + deltaBytes;
    const padded = Math.ceil((4 + bodyLength) / 4) * 4;
    const buf = Buffer.alloc(padded);
    buf[0] = 0x80 | 15;
    buf[1] = 205;
    buf.writeUInt16BE(padded / 4 - 1, 2);
    buf.writeUInt32BE(this.senderSsrc >>> 0, 4);
    buf.writeUInt32BE(mediaSsrc >>> 0, 8);
    buf.writeUInt16BE(first & 0xffff, 12);
    buf.writeUInt16BE(statuses.length, 14);
    buf.writeUIntBE(referenceTime & 0xffffff, 16, 3);
    buf[19] = this.fbCount & 0xff;
    this.fbCount++;
    let offset = 20;
    for (const chunk of chunks) {
      buf.writeUInt16BE(chunk, offset);
      offset += 2;
    }
    let received = 0;
    for (const status of statuses) {
      if (status === 0) continue;
      const ticks = deltas[received++] ?? 0;
      if (status === 1) buf[offset++] = ticks;
      else {
        buf.writeInt16BE(ticks, offset);
        offset += 2;
      }
    }
    return buf;
  }
}

// Run-length chunks for runs of 7 or more, two-bit status vectors (7 symbols) otherwise.
function encodeChunks(statuses: number[]): number[] {
  const chunks: number[] = [];
  let i = 0;
  while (i < statuses.length) {
    const status = statuses[i] ?? 0;
    let run = 1;
    while (i + run < statuses.length && statuses[i + run] === status && run < 0x1fff) run++;
    if (run >= 7) {
      chunks.push((status << 13) | run);
      i += run;
      continue;
    }
    let vector = 0x8000 | 0x4000;
    for (let k = 0; k < 7; k++) {
      const symbol = i + k < statuses.length ? (statuses[i + k] ?? 0) : 0;
      vector |= symbol << (12 - 2 * k);
    }
    chunks.push(vector);
    i += 7;
  }
  return chunks;
}
