import { randomBytes } from 'node:crypto';
import { RTCPeerConnection, type RtcpPacket, type RtpPacket, type RTCRtpTransceiver } from 'werift';
import { NackRequester, encodeGenericNack, encodePli } from './nack-requester';
import { closePeer, type PeerSetup } from './peer-config';
import {
  alignBundle,
  parseExtmap,
  parseMediaSections,
  rewriteCandidates,
  type MediaSection,
} from './sdp';
import { TwccResponder } from './twcc-responder';

const URI_MID = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const URI_RID = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
const URI_TWCC = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
const URI_AUDIO_LEVEL = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** Receives the packets of one publisher m-section (bound by mid). */
export type PacketSink = (packet: RtpPacket, rid: string, audioLevel: number | undefined) => void;

interface Route {
  mid: string;
  rid: string;
  kind: string;
  receiver: ReceiverInternals;
  nack: NackRequester | undefined;
}

// The parts of werift's receiver and router this class drives directly (see installRouting).
interface ReceiverInternals {
  receiverTWCC?: unknown;
  handleRTP(packet: RtpPacket, extensions: Record<string, unknown>, track: undefined): void;
}
interface RouterInternals {
  routeRtp: (packet: RtpPacket) => void;
  ssrcTable: Record<number, unknown>;
}
interface DtlsInternals {
  sendRtcp(packets: RtcpPacket[]): Promise<unknown>;
}

const NO_TWCC = { handleTWCC: () => {}, twccRunning: false };

/**
 * The SFU's side of a participant's publisher peer connection (the browser offers, we answer).
 * Incoming RTP is routed by mid and rid rather than werift's rid-only table (two simulcast tracks
 * share rids); NACKs are generated per SSRC and TWCC feedback once per transport.
 */
export class PublisherPeer {
  readonly pc: RTCPeerConnection;
  private readonly sinks = new Map<string, PacketSink>();
  private readonly routes = new Map<number, Route>();
  private readonly ssrcMids = new Map<number, string>();
  private readonly nackers: NackRequester[] = [];
  private readonly rtcpSsrc = randomBytes(4).readUInt32BE(0);
  private extIds = { mid: -1, rid: -1, twcc: -1, audioLevel: -1 };
  private twcc: TwccResponder | undefined;
  private nackTimer: ReturnType<typeof setInterval> | undefined;
  private gathered = false;
  private gathering: Promise<unknown> | undefined;
  private closed = false;
  /** Sections of the last applied offer. */
  sections: MediaSection[] = [];

  constructor(
    private readonly setup: PeerSetup,
    onData?: (label: string, data: Buffer) => void,
  ) {
    this.pc = new RTCPeerConnection(setup.config('publisher'));
    this.installRouting();
    this.pc.onDataChannel.subscribe((channel) => {
      channel.onMessage.subscribe((data) =>
        onData?.(channel.label, typeof data === 'string' ? Buffer.from(data) : data),
      );
    });
  }

  /**
   * Applies the browser's offer and returns our answer (candidates included). The answer keeps,
   * per m-section, only the codec `codecFor` names (the browser sends what the answer lists first).
   */
  async answer(
    offerSdp: string,
    codecFor: (section: MediaSection) => string | undefined = () => undefined,
  ): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    this.silenceReceiverTwcc();
    const ext = parseExtmap(offerSdp);
    this.extIds = {
      mid: ext.get(URI_MID) ?? -1,
      rid: ext.get(URI_RID) ?? -1,
      twcc: ext.get(URI_TWCC) ?? -1,
      audioLevel: ext.get(URI_AUDIO_LEVEL) ?? -1,
    };
    this.sections = parseMediaSections(offerSdp);
    for (const section of this.sections) {
      for (const ssrc of section.ssrcs) this.ssrcMids.set(ssrc, section.mid);
      const mime = codecFor(section)?.toLowerCase();
      const transceiver = mime ? this.transceiver(section.mid) : undefined;
      if (!transceiver || !mime) continue;
      const matching = transceiver.codecs.filter((codec) => codec.mimeType.toLowerCase() === mime);
      // H.264: packetization-mode=1 (what browsers send by default) first.
      matching.sort((a, b) => packetizationRank(a.parameters) - packetizationRank(b.parameters));
      if (matching.length > 0) transceiver.codecs = matching;
    }
    const answer = await this.pc.createAnswer();
    if (this.closed) throw new Error('publisher connection closed');
    if (this.gathered) await this.pc.setLocalDescription(answer);
    else {
      this.gathered = true;
      this.gathering = this.setup.gather(this.pc, () => this.pc.setLocalDescription(answer));
      await this.gathering;
    }
    const sdp = this.pc.localDescription?.sdp ?? answer.sdp;
    return rewriteCandidates(alignBundle(sdp, offerSdp), this.setup.candidateRule);
  }

  /** Adds a remote ICE candidate (trickled by the browser). */
  async addCandidate(init: {
    candidate?: string;
    sdpMid?: string | null;
    sdpMLineIndex?: number | null;
  }): Promise<void> {
    if (!init.candidate) return;
    await this.pc.addIceCandidate({
      candidate: init.candidate,
      sdpMid: init.sdpMid ?? undefined,
      sdpMLineIndex: init.sdpMLineIndex ?? undefined,
    });
  }

  /** Routes the packets of the m-section `mid` to `sink` (or stops, with undefined). */
  bind(mid: string, sink: PacketSink | undefined): void {
    if (sink) this.sinks.set(mid, sink);
    else this.sinks.delete(mid);
  }

  /** The transceiver of an m-section, once the offer is applied. */
  transceiver(mid: string): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.mid === mid);
  }

  /** Asks the browser for a key frame on one SSRC. */
  requestKeyframe(ssrc: number): void {
    this.sendRtcp(encodePli(this.rtcpSsrc, ssrc));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.nackTimer) clearInterval(this.nackTimer);
    this.twcc?.close();
    this.sinks.clear();
    await closePeer(this.pc, this.gathering);
  }

  private installRouting(): void {
    const router = (this.pc as unknown as { router: RouterInternals }).router;
    router.routeRtp = (packet) => this.route(packet, router);
  }

  private route(packet: RtpPacket, router: RouterInternals): void {
    const { header } = packet;
    const { mid: midId, rid: ridId, twcc: twccId, audioLevel: levelId } = this.extIds;
    let mid: string | undefined;
    let rid: string | undefined;
    let twccSeq = -1;
    let level: number | undefined;
    for (const ext of header.extensions) {
      if (ext.id === twccId && ext.payload.length >= 2) twccSeq = ext.payload.readUInt16BE(0);
      else if (ext.id === levelId && ext.payload.length >= 1)
        level = (ext.payload[0] ?? 127) & 0x7f;
      else if (ext.id === midId) mid = ext.payload.toString('ascii');
      else if (ext.id === ridId) rid = ext.payload.toString('ascii');
    }
    const nowMs = Date.now();
    if (twccSeq >= 0)
      this.twccResponder().record(twccSeq, Number(process.hrtime.bigint() / 1000n), header.ssrc);
    let route = this.routes.get(header.ssrc);
    if (!route) {
      route = this.learnRoute(header.ssrc, mid, rid, router);
      if (!route) return;
    }
    route.receiver.handleRTP(packet, {}, undefined);
    if (route.nack) {
      route.nack.received(header.sequenceNumber, nowMs);
      if (route.nack.pending) this.startNackTimer();
    }
    const sink = this.sinks.get(route.mid);
    if (sink) sink(packet, route.rid, level);
  }

  private learnRoute(
    ssrc: number,
    mid: string | undefined,
    rid: string | undefined,
    router: RouterInternals,
  ): Route | undefined {
    const knownMid = mid ?? this.ssrcMids.get(ssrc);
    if (knownMid === undefined) return undefined;
    const transceiver = this.transceiver(knownMid);
    if (!transceiver) return undefined;
    const receiver = transceiver.receiver as unknown as ReceiverInternals;
    const nack = transceiver.kind === 'video' ? new NackRequester(ssrc) : undefined;
    if (nack) this.nackers.push(nack);
    const route: Route = { mid: knownMid, rid: rid ?? '', kind: transceiver.kind, receiver, nack };
    this.routes.set(ssrc, route);
    router.ssrcTable[ssrc] = transceiver.receiver;
    return route;
  }

  // werift starts one TWCC responder per receiver, each seeing only its own packets (and never
  // stopped once replaced); one responder for the whole transport is used instead.
  private silenceReceiverTwcc(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const receiver = transceiver.receiver as unknown as ReceiverInternals;
      const own = receiver.receiverTWCC as { twccRunning?: boolean } | undefined;
      if (own && own !== NO_TWCC) own.twccRunning = false;
      receiver.receiverTWCC = NO_TWCC;
    }
  }

  private twccResponder(): TwccResponder {
    if (!this.twcc) this.twcc = new TwccResponder((buf) => this.sendRtcp(buf), this.rtcpSsrc);
    return this.twcc;
  }

  private startNackTimer(): void {
    if (this.nackTimer || this.closed) return;
    this.nackTimer = setInterval(() => {
      const nowMs = Date.now();
      let pending = false;
      for (const nack of this.nackers) {
        if (!nack.pending) continue;
        const due = nack.due(nowMs);
        if (due.length > 0) this.sendRtcp(encodeGenericNack(this.rtcpSsrc, nack.ssrc, due));
        pending ||= nack.pending;
      }
      if (!pending && this.nackTimer) {
        clearInterval(this.nackTimer);
        this.nackTimer = undefined;
      }
    }, 10);
    this.nackTimer.unref();
  }

  private sendRtcp(buf: Buffer): void {
    if (this.closed) return;
    const dtls = this.pc.dtlsTransports[0] as unknown as DtlsInternals | undefined;
    if (!dtls) return;
    const packet = { serialize: () => buf } as unknown as RtcpPacket;
    dtls.sendRtcp([packet]).catch(() => undefined);
  }
}

function packetizationRank(parameters: string | undefined): number {
  return /packetization-mode=1/.test(parameters ?? '') ? 0 : 1;
}
