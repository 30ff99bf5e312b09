import type { RTCPeerConnection } from 'werift';
import type { ReceivedRtp } from '../media/down-track';
import {
  rtcpCipherFor,
  rtpCipherFor,
  type RtcpCipher,
  type RtpCipher,
  type SessionKeys,
} from './srtp-cipher';

/** Negotiated ids of the header extensions the SFU reads (-1: not negotiated). */
export interface ExtensionIds {
  mid: number;
  rid: number;
  twcc: number;
  audioLevel: number;
}

/**
 * The header extensions of one packet. One object is reused for every packet: read it during the
 * call only. mid and rid stay byte ranges until asked for (only a new SSRC needs them).
 */
export class RtpExtensions {
  /** Transport-wide sequence number, or -1. */
  twccSeq = -1;
  /** RFC 6464 level (0 = loudest, 127 = silence), or -1. */
  audioLevel = -1;
  private midBuf: Buffer | undefined;
  private midStart = 0;
  private midEnd = 0;
  private ridBuf: Buffer | undefined;
  private ridStart = 0;
  private ridEnd = 0;

  get mid(): string | undefined {
    return this.midBuf?.toString('ascii', this.midStart, this.midEnd);
  }

  get rid(): string | undefined {
    return this.ridBuf?.toString('ascii', this.ridStart, this.ridEnd);
  }

  reset(): void {
    this.twccSeq = -1;
    this.audioLevel = -1;
    this.midBuf = undefined;
    this.ridBuf = undefined;
  }

  /** Records the extension `id` whose value is buf[start, end). */
  set(ids: ExtensionIds, id: number, buf: Buffer, start: number, end: number): void {
    if (id === ids.twcc) {
      if (end - start >= 2) this.twccSeq = (buf[start]! << 8) | buf[start + 1]!;
    } else if (id === ids.audioLevel) {
      if (end > start) this.audioLevel = buf[start]! & 0x7f;
    } else if (id === ids.mid) {
      this.midBuf = buf;
      this.midStart = start;
      this.midEnd = end;
    } else if (id === ids.rid) {
      this.ridBuf = buf;
      this.ridStart = start;
      this.ridEnd = end;
    }
  }
}

/** Where the receiver hands decrypted packets. */
export type RtpHandler = (packet: ReceivedRtp, extensions: RtpExtensions) => void;

/** Where the receiver hands decrypted RTCP compound packets. */
export type RtcpHandler = (compound: Buffer) => void;

// The werift 0.24 internals this receiver reads. When one is missing (another werift version, a
// TURN relay, another SRTP profile) packets take werift's own path, and its router calls us.
interface UdpTransportInternals {
  onData: (data: Buffer, addr: unknown) => void;
}
interface ProtocolInternals {
  type?: string;
  transport?: UdpTransportInternals;
  localCandidate?: unknown;
}
interface PairInternals {
  protocol: unknown;
  packetsReceived: number;
  bytesReceived: number;
}
interface ConnectionInternals {
  protocols?: ProtocolInternals[];
  nominated?: PairInternals;
}
interface DtlsInternals {
  srtpStarted?: boolean;
  srtp?: { remoteContext?: { cipher?: SessionKeys } };
  srtcp?: { remoteContext?: { cipher?: SessionKeys } };
  bytesReceived: number;
  packetsReceived: number;
  iceTransport: { connection: ConnectionInternals };
}

// Rollover counter of one incoming SSRC (RFC 3711 §3.3.1).
interface RocState {
  roc: number;
  highestSeq: number;
}

/**
 * Takes a connection's incoming SRTP and SRTCP before werift parses them: werift's path (STUN
 * check, three event hops each starting an async iteration, SRTP context copies, parsers that
 * allocate per field, receiver statistics) costs several times the decryption itself. Here the
 * datagram is authenticated and decrypted (srtp-cipher.ts), an RTP header read in one pass, and
 * the packet handed to `rtp` or `rtcp`. Everything else (STUN, DTLS, SCTP, what has no handler,
 * other SRTP profiles) goes on to werift untouched.
 */
export class FastRtpReceiver {
  private readonly hooked = new WeakSet<object>();
  private readonly rocs = new Map<number, RocState>();
  private readonly extensions = new RtpExtensions();
  private readonly onRtp: RtpHandler | undefined;
  private readonly onRtcp: RtcpHandler | undefined;
  ids: ExtensionIds = { mid: -1, rid: -1, twcc: -1, audioLevel: -1 };

  constructor(
    private readonly pc: RTCPeerConnection,
    handlers: { rtp?: RtpHandler; rtcp?: RtcpHandler },
  ) {
    this.onRtp = handlers.rtp;
    this.onRtcp = handlers.rtcp;
  }

  /** Hooks the UDP sockets gathered so far (call after each gathering). */
  install(): void {
    for (const dtls of this.pc.dtlsTransports as unknown as DtlsInternals[]) {
      const connection = dtls.iceTransport?.connection;
      for (const protocol of connection?.protocols ?? []) {
        const transport = protocol.transport;
        // Host candidates only: TURN allocations wrap their data differently.
        if (protocol.type !== 'stun' || !transport || typeof transport.onData !== 'function')
          continue;
        if (this.hooked.has(transport)) continue;
        this.hooked.add(transport);
        const original = transport.onData;
        transport.onData = (data, addr) => {
          if (!this.take(data, dtls, protocol)) original(data, addr);
        };
      }
    }
  }

  // Returns false for anything werift should handle itself.
  private take(data: Buffer, dtls: DtlsInternals, protocol: ProtocolInternals): boolean {
    const first = data[0] ?? 0;
    const second = data[1] ?? 0;
    // RTP and RTCP only (RFC 7983); RTCP by werift's own test of the packet type.
    if (first < 128 || first > 191) return false;
    const rtcp = second >= 192 && second <= 208;
    const onRtp = this.onRtp;
    const onRtcp = this.onRtcp;
    if ((rtcp ? !onRtcp : !onRtp) || !dtls.srtpStarted || !protocol.localCandidate) return false;
    const keys = (rtcp ? dtls.srtcp : dtls.srtp)?.remoteContext?.cipher;
    const cipher = keys && (rtcp ? rtcpCipherFor(keys) : rtpCipherFor(keys));
    if (!cipher) return false;
    // The statistics werift would have kept.
    const pair = dtls.iceTransport.connection.nominated;
    if (pair && pair.protocol === protocol) {
      pair.packetsReceived++;
      pair.bytesReceived += data.length;
    }
    dtls.bytesReceived += data.length;
    dtls.packetsReceived++;
    if (onRtp && !rtcp) this.receive(data, cipher as RtpCipher, onRtp);
    else if (onRtcp && rtcp) {
      // Dropped when not authentic, or not encrypted (WebRTC never negotiates that).
      const compound = (cipher as RtcpCipher).unprotectRtcp(data);
      if (compound) onRtcp(compound);
    }
    return true;
  }

  private receive(data: Buffer, cipher: RtpCipher, onRtp: RtpHandler): void {
    const tagOffset = data.length - cipher.tagLength;
    if (tagOffset < 12) return;
    const first = data[0]!;
    let offset = 12 + (first & 0x0f) * 4;
    const extensions = this.extensions;
    extensions.reset();
    if (first & 0x10) {
      if (offset + 4 > tagOffset) return;
      const profile = data.readUInt16BE(offset);
      const end = offset + 4 + data.readUInt16BE(offset + 2) * 4;
      if (end > tagOffset) return;
      this.readExtensions(data, profile, offset + 4, end);
      offset = end;
    }
    if (offset > tagOffset) return;
    const seq = data.readUInt16BE(2);
    const ssrc = data.readUInt32BE(8);
    let state = this.rocs.get(ssrc);
    const roc = state ? guessRoc(state, seq) : 0;
    if (roc < 0) return; // from before the stream began
    let payload = cipher.unprotect(data, offset, ssrc, seq, roc);
    if (!payload) return; // not authentic
    if (!state) {
      state = { roc, highestSeq: seq };
      this.rocs.set(ssrc, state);
    } else if (roc > state.roc || (roc === state.roc && seq > state.highestSeq)) {
      state.roc = roc;
      state.highestSeq = seq;
    }
    if (first & 0x20) {
      // Padding: its length is the last byte.
      const pad = payload.length > 0 ? payload[payload.length - 1]! : 0;
      if (pad === 0 || pad > payload.length) return;
      payload = payload.subarray(0, payload.length - pad);
    }
    const second = data[1]!;
    onRtp(
      {
        header: {
          ssrc,
          sequenceNumber: seq,
          timestamp: data.readUInt32BE(4),
          marker: (second & 0x80) !== 0,
          payloadType: second & 0x7f,
        },
        payload,
      },
      extensions,
    );
  }

  // RFC 8285 one-byte (0xBEDE) and two-byte (0x100X) header extensions.
  private readExtensions(data: Buffer, profile: number, start: number, end: number): void {
    const ids = this.ids;
    const extensions = this.extensions;
    let i = start;
    if (profile === 0xbede) {
      while (i < end) {
        const byte = data[i]!;
        if (byte === 0) {
          i++;
          continue;
        }
        const id = byte >> 4;
        if (id === 15) return;
        const length = (byte & 0x0f) + 1;
        if (i + 1 + length > end) return;
        extensions.set(ids, id, data, i + 1, i + 1 + length);
        i += 1 + length;
      }
    } else if ((profile & 0xfff0) === 0x1000) {
      while (i < end) {
        const id = data[i]!;
        if (id === 0) {
          i++;
          continue;
        }
        if (i + 2 > end) return;
        const length = data[i + 1]!;
        if (i + 2 + length > end) return;
        extensions.set(ids, id, data, i + 2, i + 2 + length);
        i += 2 + length;
      }
    }
  }
}

// The rollover counter a sequence number belongs to, from the highest one seen (RFC 3711 §3.3.1).
function guessRoc(state: RocState, seq: number): number {
  const { roc, highestSeq } = state;
  if (highestSeq < 0x8000) {
    return seq - highestSeq > 0x8000 ? roc - 1 : roc;
  }
  return highestSeq - 0x8000 > seq ? roc + 1 : roc;
}
