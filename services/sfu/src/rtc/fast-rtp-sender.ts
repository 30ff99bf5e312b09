import { createCipheriv } from 'node:crypto';
import { RtpHeader, ntpTime, type GenericNack, type RTCRtpSender } from 'werift';

// The werift 0.24 internals this sender drives. Each is checked at run time; when one is missing
// (another werift version) packets go through werift's own, slower RTCRtpSender.sendRtp.
interface SsrcState {
  rolloverCounter: number;
  lastSequenceNumber: number;
}
interface SrtpContextInternals {
  cipher: { srtpSessionKey?: Buffer; srtpSessionSalt?: Buffer; aeadAuthTagLen?: number };
  getSrtpSsrcState(ssrc: number): SsrcState;
  updateRolloverCount(seq: number, state: SsrcState): void;
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
  codec?: { payloadType: number };
  stopped: boolean;
  dtlsTransport?: DtlsInternals;
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  runRtcp(): Promise<void>;
}

const CACHE_SIZE = 512;
const SR_CLOCK_UPDATE_MS = 250;

/**
 * Sends rewritten RTP on a werift sender without its per-packet overhead: the 12-byte header is
 * written directly (no header extensions: the subscriber demultiplexes by the SDP's a=ssrc), SRTP
 * AES-GCM is applied here and the datagram goes straight to the nominated socket. Keeps werift's
 * sender reports fed and answers NACKs from its own cache.
 */
export class FastRtpSender {
  private readonly sender: SenderInternals;
  // The cache keeps the (shared) payloads and the header fields, not a copy of each packet.
  private readonly cache: (Buffer | undefined)[] = new Array(CACHE_SIZE);
  private readonly cachedSeq = new Int32Array(CACHE_SIZE).fill(-1);
  private readonly cachedTimestamp = new Uint32Array(CACHE_SIZE);
  private readonly cachedMarker = new Uint8Array(CACHE_SIZE);
  private readonly iv = Buffer.alloc(12);
  private lastClockUpdateMs = 0;
  private rtcpStarted = false;

  constructor(sender: RTCRtpSender) {
    this.sender = sender as unknown as SenderInternals;
    sender.onGenericNack.subscribe((nack: GenericNack) => this.retransmit(nack.lost));
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
    const nowMs = Date.now();
    if (nowMs - this.lastClockUpdateMs >= SR_CLOCK_UPDATE_MS) {
      // Sender reports pair a wall clock with an RTP time; both come from the same packet.
      this.lastClockUpdateMs = nowMs;
      sender.ntpTimestamp = ntpTime();
      sender.rtpTimestamp = timestamp >>> 0;
    }
    if (!this.rtcpStarted) {
      this.rtcpStarted = true;
      sender.runRtcp().catch(() => undefined);
    }
  }

  private retransmit(lost: number[]): void {
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
    const header = Buffer.allocUnsafe(12);
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

  // SRTP for one packet (RFC 7714 AES-GCM; werift's own code for the other profiles).
  private encrypt(
    dtls: DtlsInternals,
    header: Buffer,
    payload: Buffer,
    seq: number,
    fresh: boolean,
  ): Buffer | undefined {
    const context = dtls.srtp?.localContext;
    if (!context) return undefined;
    const ssrc = this.sender.ssrc;
    const state = context.getSrtpSsrcState(ssrc);
    let roc = state.rolloverCounter;
    if (fresh) {
      context.updateRolloverCount(seq, state);
      roc = state.rolloverCounter;
    } else if (
      seq > state.lastSequenceNumber &&
      seq - state.lastSequenceNumber > 0x8000 &&
      roc > 0
    ) {
      roc -= 1; // a retransmission from before the last wrap
    }
    const { srtpSessionKey: key, srtpSessionSalt: salt, aeadAuthTagLen } = context.cipher;
    if (!key || !salt || aeadAuthTagLen !== 16)
      return context.encryptRtp(payload, RtpHeader.deSerialize(header));
    const iv = this.iv;
    iv.writeUInt16BE(0, 0);
    iv.writeUInt32BE(ssrc >>> 0, 2);
    iv.writeUInt32BE(roc >>> 0, 6);
    iv.writeUInt16BE(seq, 10);
    for (let i = 0; i < 12; i++) iv[i] = (iv[i] ?? 0) ^ (salt[i] ?? 0);
    const cipher = createCipheriv('aes-128-gcm', key, iv);
    cipher.setAAD(header);
    const body = cipher.update(payload);
    cipher.final();
    return Buffer.concat([header, body, cipher.getAuthTag()], 12 + body.length + 16);
  }
}
