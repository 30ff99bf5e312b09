import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RTCPeerConnection, type RtcpPacket, type RtpPacket, type RTCRtpTransceiver } from 'werift';
import type { ReceivedRtp } from '../media/down-track';
import { FastRtpReceiver, RtpExtensions } from './fast-rtp-receiver';
import { NackRequester, encodeGenericNack, encodePli } from './nack-requester';
import { closePeer, sendRtcpBuffer, type PeerSetup } from './peer-config';
import {
  alignBundle,
  parseExtmap,
  parseMediaSections,
  rewriteCandidates,
  type MediaSection,
} from './sdp';
import { REPORT_INTERVAL_MS, ReceptionStats, encodeReceiverReport, readRtcp } from './rtcp-reports';
import { TwccResponder } from './twcc-responder';

const URI_MID = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const URI_RID = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
const URI_TWCC = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
const URI_AUDIO_LEVEL = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** Receives the packets of one publisher m-section (bound by mid). */
export type PacketSink = (packet: ReceivedRtp, rid: string, audioLevel: number | undefined) => void;

interface Route {
  mid: string;
  rid: string;
  kind: string;
  nack: NackRequester | undefined;
  stats: ReceptionStats;
}

// The parts of werift's receiver and router this class drives directly (see installRouting).
interface ReceiverInternals {
  receiverTWCC?: unknown;
}
interface RouterInternals {
  routeRtp: (packet: RtpPacket) => void;
  routeRtcp: (packet: RtcpPacket) => void;
  ssrcTable: Record<number, unknown>;
}
interface SenderReportInternals {
  type: number;
  ssrc: number;
  senderInfo?: { ntpTimestamp?: bigint };
}

const NO_TWCC = { handleTWCC: () => {}, twccRunning: false };
const RTCP_SR = 200;

/**
 * The SFU's side of a participant's publisher peer connection (the browser offers, we answer).
 * Incoming RTP is routed by mid and rid rather than werift's rid-only table (two simulcast tracks
 * share rids); NACKs are generated per SSRC, TWCC feedback and receiver reports once per
 * transport. Packets normally come from FastRtpReceiver, else from werift's router.
 */
export class PublisherPeer {
  readonly pc: RTCPeerConnection;
  private readonly sinks = new Map<string, PacketSink>();
  private readonly routes = new Map<number, Route>();
  private readonly ssrcMids = new Map<number, string>();
  private readonly nackers: NackRequester[] = [];
  private readonly rtcpSsrc = randomBytes(4).readUInt32BE(0);
  private readonly fast: FastRtpReceiver;
  private readonly fallbackExtensions = new RtpExtensions();
  private twcc: TwccResponder | undefined;
  private nackTimer: ReturnType<typeof setInterval> | undefined;
  private reportTimer: ReturnType<typeof setInterval> | undefined;
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
    this.fast = new FastRtpReceiver(this.pc, {
      rtp: (packet, extensions) => this.deliver(packet, extensions),
      rtcp: (compound) =>
        readRtcp(compound, {
          senderReport: (ssrc, ntp) =>
            this.routes.get(ssrc)?.stats.senderReport(ntp, performance.now()),
        }),
    });
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
    this.fast.ids = {
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
    this.fast.install();
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
    if (this.reportTimer) clearInterval(this.reportTimer);
    this.twcc?.close();
    this.sinks.clear();
    await closePeer(this.pc, this.gathering);
  }

  private installRouting(): void {
    const router = (this.pc as unknown as { router: RouterInternals }).router;
    router.routeRtp = (packet) => this.route(packet);
    const routeRtcp = router.routeRtcp;
    router.routeRtcp = (packet) => {
      this.senderReport(packet as unknown as SenderReportInternals);
      routeRtcp(packet);
    };
  }

  // Packets werift decrypted itself (see FastRtpReceiver for when).
  private route(packet: RtpPacket): void {
    const extensions = this.fallbackExtensions;
    const ids = this.fast.ids;
    extensions.reset();
    for (const ext of packet.header.extensions)
      extensions.set(ids, ext.id, ext.payload, 0, ext.payload.length);
    this.deliver(packet, extensions);
  }

  private deliver(packet: ReceivedRtp, extensions: RtpExtensions): void {
    const { header } = packet;
    // One monotonic clock for TWCC, reception statistics and NACK timing.
    const nowMs = performance.now();
    if (extensions.twccSeq >= 0)
      this.twccResponder().record(extensions.twccSeq, Math.floor(nowMs * 1000), header.ssrc);
    let route = this.routes.get(header.ssrc);
    if (!route) {
      route = this.learnRoute(header.ssrc, extensions.mid, extensions.rid);
      if (!route) return;
    }
    route.stats.add(header.sequenceNumber, header.timestamp, nowMs);
    if (route.nack) {
      route.nack.received(header.sequenceNumber, nowMs);
      if (route.nack.pending) this.startNackTimer();
    }
    const sink = this.sinks.get(route.mid);
    if (sink)
      sink(packet, route.rid, extensions.audioLevel >= 0 ? extensions.audioLevel : undefined);
  }

  private learnRoute(
    ssrc: number,
    mid: string | undefined,
    rid: string | undefined,
  ): Route | undefined {
    const knownMid = mid ?? this.ssrcMids.get(ssrc);
    if (knownMid === undefined) return undefined;
    const transceiver = this.transceiver(knownMid);
    if (!transceiver) return undefined;
    const nack = transceiver.kind === 'video' ? new NackRequester(ssrc) : undefined;
    if (nack) this.nackers.push(nack);
    const clockRate = transceiver.codecs[0]?.clockRate ?? 90000;
    const route: Route = {
      mid: knownMid,
      rid: rid ?? '',
      kind: transceiver.kind,
      nack,
      stats: new ReceptionStats(ssrc, clockRate),
    };
    this.routes.set(ssrc, route);
    // werift's router still delivers this SSRC's RTCP (sender reports) to its receiver.
    const router = (this.pc as unknown as { router: RouterInternals }).router;
    router.ssrcTable[ssrc] = transceiver.receiver;
    this.startReports();
    return route;
  }

  // The publisher's sender reports, for the LSR/DLSR of our receiver reports (round-trip time),
  // when werift decrypted them.
  private senderReport(packet: SenderReportInternals): void {
    if (packet.type !== RTCP_SR) return;
    const ntp = packet.senderInfo?.ntpTimestamp;
    const route = this.routes.get(packet.ssrc);
    if (ntp === undefined || !route) return;
    route.stats.senderReport(
      [Number((ntp >> 32n) & 0xffffffffn), Number(ntp & 0xffffffffn)],
      performance.now(),
    );
  }

  // One receiver report for all of the transport's streams per interval (werift's receivers,
  // which no longer see the packets, would send none).
  private startReports(): void {
    if (this.reportTimer || this.closed) return;
    this.reportTimer = setInterval(() => {
      const stats: ReceptionStats[] = [];
      for (const route of this.routes.values()) stats.push(route.stats);
      const report = encodeReceiverReport(this.rtcpSsrc, stats, performance.now());
      if (report) this.sendRtcp(report);
    }, REPORT_INTERVAL_MS);
    this.reportTimer.unref();
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
      const nowMs = performance.now();
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
    if (!this.closed) sendRtcpBuffer(this.pc, buf);
  }
}

function packetizationRank(parameters: string | undefined): number {
  return /packetization-mode=1/.test(parameters ?? '') ? 0 : 1;
}
