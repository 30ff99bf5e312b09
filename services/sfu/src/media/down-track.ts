import { readVp8, writeVp8, type Vp8Descriptor } from './codec';

/** Where a down track's rewritten packets go (the subscriber's RTP sender). */
export type PacketSender = (
  seq: number,
  timestamp: number,
  marker: boolean,
  payload: Buffer,
) => void;

/** An incoming RTP packet as the forwarder reads it (werift's RtpPacket has this shape too). */
export interface ReceivedRtp {
  header: {
    ssrc: number;
    sequenceNumber: number;
    timestamp: number;
    marker: boolean;
    payloadType: number;
  };
  /** The media payload, without padding. */
  payload: Buffer;
}

/** One packet as the publisher sent it, with what the forwarder learnt about it once. */
export interface SourcePacket {
  packet: ReceivedRtp;
  /** Simulcast layer key ('' without simulcast). */
  layer: string;
  /** The first packet of a key frame. */
  keyframe: boolean;
  arrivalMs: number;
}

// Offsets in force from a given input sequence number on; a few are kept so that late and
// retransmitted packets are mapped with the offset that was in force when they were first due.
interface SeqOffset {
  from: number;
  offset: number;
}

const MAX_OFFSET_HISTORY = 32;

/**
 * One published track as one subscriber receives it: picks the simulcast layer, switches only on
 * key frames and rewrites sequence numbers, timestamps and VP8 picture ids so the outgoing
 * stream stays continuous across switches and dropped padding.
 */
export class DownTrack {
  /** Layer being forwarded; undefined before the first key frame. */
  current: string | undefined;
  /** Layer to switch to at its next key frame. */
  target: string | undefined;
  /** Paused by the subscriber (track disabled) or by the server (no permission). */
  paused = false;
  packetsSent = 0;

  private started = false;
  private offsets: SeqOffset[] = [{ from: 0, offset: 0 }];
  private tsOffset = 0;
  private switchSeq = 0;
  private lastInSeq = -1;
  private lastOutSeq = 0;
  private lastOutTs = 0;
  private lastOutAtMs = 0;
  private pidOffset = 0;
  private tl0Offset = 0;
  private lastOutPid = -1;
  private lastOutTl0 = -1;
  private readonly isVp8: boolean;

  constructor(
    readonly kind: 'audio' | 'video',
    private readonly mimeType: string,
    private readonly clockRate: number,
    private readonly send: PacketSender,
    /** False while the subscriber cannot receive yet: a key frame then would be wasted. */
    private readonly canSend: () => boolean = () => true,
  ) {
    // Audio has one layer and needs no key frame.
    if (kind === 'audio') this.current = '';
    this.isVp8 = mimeType.toLowerCase() === 'video/vp8';
  }

  /** Whether the subscriber can receive now. */
  get ready(): boolean {
    return this.canSend();
  }

  /** True when this track waits for a key frame before it can forward anything new. */
  get waitingForKeyframe(): boolean {
    return (
      this.kind === 'video' &&
      !this.paused &&
      this.target !== undefined &&
      this.target !== this.current
    );
  }

  /** Forwards one publisher packet if it belongs to the forwarded (or next) layer. */
  write(source: SourcePacket): void {
    if (this.paused || !this.canSend()) return;
    const { layer } = source;
    if (layer !== this.current) {
      if (layer !== this.target || !source.keyframe) return;
      this.switchTo(source);
    }
    this.forward(source);
  }

  private switchTo(source: SourcePacket): void {
    const { header } = source.packet;
    const seq = header.sequenceNumber;
    if (this.started) {
      const offset = (seq - ((this.lastOutSeq + 1) & 0xffff)) & 0xffff;
      this.offsets = [{ from: seq, offset }];
      const elapsedMs = Math.max(1, source.arrivalMs - this.lastOutAtMs);
      const tsDelta = Math.max(1, Math.round((elapsedMs * this.clockRate) / 1000));
      this.tsOffset = (header.timestamp - ((this.lastOutTs + tsDelta) >>> 0)) >>> 0;
    } else {
      this.offsets = [{ from: seq, offset: 0 }];
      this.tsOffset = 0;
    }
    if (this.isVp8) {
      const desc = readVp8(source.packet.payload);
      if (desc && this.lastOutPid >= 0 && desc.pictureIdOffset >= 0) {
        this.pidOffset = (desc.pictureId - ((this.lastOutPid + 1) & 0x7fff)) & 0x7fff;
      } else this.pidOffset = 0;
      if (desc && this.lastOutTl0 >= 0 && desc.tl0Offset >= 0) {
        this.tl0Offset = (desc.tl0PicIdx - ((this.lastOutTl0 + 1) & 0xff)) & 0xff;
      } else this.tl0Offset = 0;
    }
    this.switchSeq = seq;
    this.lastInSeq = (seq - 1) & 0xffff;
    this.current = source.layer;
    if (this.target === source.layer) this.target = undefined;
    this.started = true;
  }

  private forward(source: SourcePacket): void {
    const { header, payload } = source.packet;
    const seq = header.sequenceNumber;
    if (this.kind === 'video' && ((seq - this.switchSeq) & 0xffff) >= 0x8000) return;
    const inOrder = this.lastInSeq < 0 || seq === ((this.lastInSeq + 1) & 0xffff);
    if (payload.length === 0) {
      // Padding only: drop it and close the gap it leaves, if it came in order.
      if (inOrder) {
        this.lastInSeq = seq;
        this.pushOffset((seq + 1) & 0xffff, (this.offsetFor(seq) + 1) & 0xffff);
      }
      return;
    }
    if (inOrder || ((seq - this.lastInSeq) & 0xffff) < 0x8000) this.lastInSeq = seq;
    const outSeq = (seq - this.offsetFor(seq)) & 0xffff;
    const outTs = (header.timestamp - this.tsOffset) >>> 0;
    const newer =
      !this.started || this.packetsSent === 0 || ((outSeq - this.lastOutSeq) & 0xffff) < 0x8000;
    let outPayload = payload;
    if (this.isVp8 && (this.pidOffset !== 0 || this.tl0Offset !== 0 || newer)) {
      outPayload = this.rewriteVp8(payload, newer);
    }
    if (newer) {
      this.lastOutSeq = outSeq;
      this.lastOutTs = outTs;
      this.lastOutAtMs = source.arrivalMs;
    }
    this.packetsSent++;
    this.send(outSeq, outTs, header.marker, outPayload);
  }

  private rewriteVp8(payload: Buffer, newer: boolean): Buffer {
    const desc: Vp8Descriptor | undefined = readVp8(payload);
    if (!desc) return payload;
    const pid = (desc.pictureId - this.pidOffset) & 0x7fff;
    const tl0 = (desc.tl0PicIdx - this.tl0Offset) & 0xff;
    if (newer) {
      if (desc.pictureIdOffset >= 0) this.lastOutPid = pid;
      if (desc.tl0Offset >= 0) this.lastOutTl0 = tl0;
    }
    if (this.pidOffset === 0 && this.tl0Offset === 0) return payload;
    // writeVp8 copies: the payload buffer is shared by every subscriber of the layer.
    return writeVp8(payload, desc, pid, tl0);
  }

  private offsetFor(seq: number): number {
    for (let i = this.offsets.length - 1; i >= 0; i--) {
      const entry = this.offsets[i];
      if (entry && ((seq - entry.from) & 0xffff) < 0x8000) return entry.offset;
    }
    return this.offsets[0]?.offset ?? 0;
  }

  private pushOffset(from: number, offset: number): void {
    this.offsets.push({ from, offset });
    if (this.offsets.length > MAX_OFFSET_HISTORY) this.offsets.shift();
  }
}
