import { RtpHeader, type GenericNack, type RTCRtpSender } from 'werift';
import type { SenderState } from './rtcp-reports';
import { rtpCipherFor, type SessionKeys } from './srtp-cipher';

// The werift 0.24 internals this sender drives. Each is checked at run time; when one is missing
// (another werift version) packets go through werift's own, slower RTCRtpSender.sendRtp.
interface SrtpContextInternals {
  cipher: SessionKeys;
  encryptRtp(payload: Buffer, header: RtpHeader): Buffer;
}
interface NominatedPair {
  remoteAddr: [string, number];
  packetsSent: number;
  bytesSent: number;
  protocol: {
    transport?: {
      socket?: { send(buf: Buffer, port: number, host: string): void };
      closed?: boolean;
    };
  };
}
interface DtlsInternals {
  state: string;
  srtp?: { localContext?: SrtpContextInternals };
  iceTransport: { connection: { nominated?: NominatedPair; send(data: Buffer): Promise<void> } };
}
interface SenderInternals {
  ssrc: number;
  cname?: string;
  codec?: { payloadType: number };
  stopped: boolean;
  dtlsTransport?: DtlsInternals;
  packetCount: number;
  octetCount: number;
}

const CACHE_SIZE = 512;

/**
 * Sends rewritten RTP on a werift sender without its per-packet overhead: the 12-byte header is
 * written directly (no header extensions: the subscriber demultiplexes by the SDP's a=ssrc), SRTP
 * is applied here (srtp-cipher.ts) and the datagram goes straight to the nominated socket. Answers NACKs
 * from its own cache; its sender reports are sent by the connection (`report()`), all streams in
 * one packet, instead of by werift's per-sender loop, which is never started.
 */
export class FastRtpSender {
  private readonly sender: SenderInternals;
  // The cache keeps the (shared) payloads and the header fields, not a copy of each packet.
  private readonly cache: (Buffer | undefined)[] = new Array(CACHE_SIZE);
  private readonly cachedSeq = new Int32Array(CACHE_SIZE).fill(-1);
  private readonly cachedTimestamp = new Uint32Array(CACHE_SIZE);
  private readonly cachedMarker = new Uint8Array(CACHE_SIZE);
  private readonly header = Buffer.alloc(12);
  // SRTP rollover counter and highest sequence number sent (RFC 3711 §3.3.1).
  private roc = 0;
  private highestSeq = -1;
  // The wall-clock time of the last packet and its RTP timestamp, for sender reports.
  private clockMs = 0;
  private clockTimestamp = 0;

  constructor(sender: RTCRtpSender) {
    this.sender = sender as unknown as SenderInternals;
    sender.onGenericNack.subscribe((nack: GenericNack) => this.retransmit(nack.lost));
  }

  /** The SSRC of the stream. */
  get ssrc(): number {
    return this.sender.ssrc;
  }

  /** Whether packets can go out now (the subscriber's transport is up). */
  get ready(): boolean {
    const sender = this.sender;
    return !sender.stopped && !!sender.codec && sender.dtlsTransport?.state === 'connected';
  }

  /** Sends one packet; dropped until the transport is up. */
  send(seq: number, timestamp: number, marker: boolean, payload: Buffer): void {
    const sender = this.sender;
    const dtls = sender.dtlsTransport;
    const codec = sender.codec;
    if (sender.stopped || !codec || !dtls || dtls.state !== 'connected') return;
    const slot = seq % CACHE_SIZE;
    this.cache[slot] = payload;
    this.cachedSeq[slot] = seq;
    this.cachedTimestamp[slot] = timestamp >>> 0;
    this.cachedMarker[slot] = marker ? 1 : 0;
    this.transmit(dtls, seq, timestamp, marker, payload, true);
    sender.packetCount = (sender.packetCount + 1) >>> 0;
    sender.octetCount += payload.length;
    this.clockMs = Date.now();
    this.clockTimestamp = timestamp >>> 0;
  }

  /** What the next sender report says of this stream; undefined before the first packet. */
  report(): SenderState | undefined {
    const sender = this.sender;
    if (sender.stopped || sender.packetCount === 0) return undefined;
    return {
      ssrc: sender.ssrc,
      clockMs: this.clockMs,
      rtpTimestamp: this.clockTimestamp,
      packetCount: sender.packetCount,
      octetCount: sender.octetCount,
      cname: sender.cname,
    };
  }

  /** Sends again what is still cached of `lost` (a subscriber's NACK). */
  retransmit(lost: number[]): void {
    const dtls = this.sender.dtlsTransport;
    if (!dtls || dtls.state !== 'connected') return;
    for (const seq of lost) {
      const slot = seq % CACHE_SIZE;
      const payload = this.cache[slot];
      if (!payload || this.cachedSeq[slot] !== seq) continue;
      this.transmit(
        dtls,
        seq,
        this.cachedTimestamp[slot] ?? 0,
        this.cachedMarker[slot] === 1,
        payload,
        false,
      );
    }
  }

  private transmit(
    dtls: DtlsInternals,
    seq: number,
    timestamp: number,
    marker: boolean,
    payload: Buffer,
    fresh: boolean,
  ): void {
    // Reused: the cipher copies the header (or reads it at once).
    const header = this.header;
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | ((this.sender.codec?.payloadType ?? 0) & 0x7f);
    header.writeUInt16BE(seq, 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(this.sender.ssrc >>> 0, 8);
    const encrypted = this.encrypt(dtls, header, payload, seq, fresh);
    if (!encrypted) return;
    const connection = dtls.iceTransport.connection;
    const pair = connection.nominated;
    const socket = pair?.protocol.transport?.socket;
    if (pair && socket && !pair.protocol.transport?.closed) {
      socket.send(encrypted, pair.remoteAddr[1], pair.remoteAddr[0]);
      pair.packetsSent++;
      pair.bytesSent += encrypted.length;
      return;
    }
    connection.send(encrypted).catch(() => undefined);
  }

  // SRTP for one packet (see srtp-cipher.ts; werift's own code for any other profile).
  private encrypt(
    dtls: DtlsInternals,
    header: Buffer,
    payload: Buffer,
    seq: number,
    fresh: boolean,
  ): Buffer | undefined {
    const context = dtls.srtp?.localContext;
    if (!context) return undefined;
    const cipher = rtpCipherFor(context.cipher);
    if (!cipher) return context.encryptRtp(payload, RtpHeader.deSerialize(header));
    const roc = this.rolloverCounter(seq, fresh);
    return cipher.protect(header, payload, this.sender.ssrc, seq, roc);
  }

  // The rollover counter of `seq`: a new packet may start the next cycle (sequence numbers only
  // move forward here); a retransmission may belong to the previous one.
  private rolloverCounter(seq: number, fresh: boolean): number {
    if (this.highestSeq < 0) {
      if (fresh) this.highestSeq = seq;
      return this.roc;
    }
    const ahead = (seq - this.highestSeq) & 0xffff;
    if (ahead === 0 || ahead >= 0x8000) {
      // At or behind the highest: same cycle, or the previous one across a wrap.
      return seq > this.highestSeq ? Math.max(0, this.roc - 1) : this.roc;
    }
    if (!fresh) return this.roc;
    if (seq < this.highestSeq) this.roc = (this.roc + 1) >>> 0;
    this.highestSeq = seq;
    return this.roc;
  }
}
