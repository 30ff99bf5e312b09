import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useNACK,
  usePLI,
  type RTCDataChannel,
  type RTCRtpTransceiver,
} from 'werift';
import { FastRtpReceiver } from './fast-rtp-receiver';
import { FastRtpSender } from './fast-rtp-sender';
import { closePeer, sendRtcpBuffer, type PeerSetup } from './peer-config';
import {
  MAX_BLOCKS,
  REPORT_INTERVAL_MS,
  encodeSenderReports,
  readRtcp,
  type SenderState,
} from './rtcp-reports';
import { keepInactiveSectionsBundled, rewriteCandidates } from './sdp';

/** The codec a subscriber receives: exactly the publisher's (the SFU never transcodes). */
export interface ForwardedCodec {
  mimeType: string;
  clockRate: number;
  channels?: number;
  parameters?: string;
}

/** What the subscriber peer tells its owner. */
export interface SubscriberPeerHooks {
  /** A new offer for the browser; `midToTrackId` maps each sending mid to its track sid. */
  sendOffer(sdp: string, id: number, midToTrackId: Record<string, string>): void;
  /** The peer connection's state changed. */
  onState(state: string): void;
  /** A data channel message from the browser. */
  onData?(label: string, data: Buffer): void;
  /** Creating or applying an offer failed. */
  onError?(error: unknown): void;
}

/** A sending slot of the subscriber connection: one published track. */
export interface SubscriberSlot {
  transceiver: RTCRtpTransceiver;
  trackSid: string;
  /** Sends one rewritten packet (dropped until the transport is up). */
  send(seq: number, timestamp: number, marker: boolean, payload: Buffer): void;
  /** Whether the transport is up and the codec negotiated. */
  ready(): boolean;
  /** Fires once the slot can send (after the answer and the DTLS handshake). */
  onReady(listener: () => void): void;
  /** Fires when the browser reports a lost picture. */
  onPictureLoss(listener: () => void): void;
}

// Well-known payload types first; Chrome rejects a BUNDLE in which one payload type means two codecs.
const PREFERRED_PT: Record<string, number> = {
  'audio/opus': 111,
  'video/vp8': 96,
  'video/h264': 102,
};

/**
 * The SFU's side of a participant's subscriber peer connection (we offer, the browser answers).
 * Renegotiation is serialised: one offer in flight; changes meanwhile cause one more offer.
 * Sender reports of all its streams go out together, once per interval.
 */
export class SubscriberPeer {
  readonly pc: RTCPeerConnection;
  private readonly ptByCodec = new Map<string, number>();
  /** The tracks being sent, by transceiver. */
  private readonly sending = new Map<
    RTCRtpTransceiver,
    { trackSid: string; fast: FastRtpSender }
  >();
  private readonly fast: FastRtpReceiver;
  private reportTimer: ReturnType<typeof setInterval> | undefined;
  private readonly channels: RTCDataChannel[] = [];
  private offerId = 0;
  private awaitingAnswer = false;
  private again = false;
  private scheduled = false;
  private gathered = false;
  private gathering: Promise<unknown> | undefined;
  private closed = false;

  constructor(
    private readonly setup: PeerSetup,
    private readonly hooks: SubscriberPeerHooks,
  ) {
    this.pc = new RTCPeerConnection(setup.config('subscriber'));
    // The browser's RTCP (receiver reports, NACKs, picture losses), read without werift's path.
    this.fast = new FastRtpReceiver(this.pc, { rtcp: (compound) => this.feedback(compound) });
    this.pc.connectionStateChange.subscribe((state) => hooks.onState(state));
    // The browser expects these two channels; the first offer needs an m-line anyway.
    for (const [label, options] of [
      ['_reliable', { ordered: true }],
      ['_lossy', { ordered: false, maxRetransmits: 0 }],
    ] as const) {
      const channel = this.pc.createDataChannel(label, options);
      channel.onMessage.subscribe((data) =>
        hooks.onData?.(label, typeof data === 'string' ? Buffer.from(data) : data),
      );
      this.channels.push(channel);
    }
  }

  /** Sends `data` on one of the data channels, if open. */
  sendData(label: '_reliable' | '_lossy', data: Buffer): void {
    const channel = this.channels.find((c) => c.label === label);
    if (channel?.readyState === 'open') channel.send(data);
  }

  /** Adds a sending transceiver for a published track; call negotiate() afterwards. */
  addTrack(
    kind: 'audio' | 'video',
    codec: ForwardedCodec,
    publisherSid: string,
    trackSid: string,
  ): SubscriberSlot {
    // werift reuses the first released inactive m-section whatever its kind; an audio section
    // turned into video makes the browser reject the offer, so other kinds are held back.
    const held = this.pc
      .getTransceivers()
      .filter((t) => t.kind !== kind && t.currentDirection === 'inactive' && !t.usedForSender);
    for (const t of held) t.usedForSender = true;
    const transceiver = this.pc.addTransceiver(kind, { direction: 'sendonly' });
    for (const t of held) t.usedForSender = false;
    transceiver.codecs = [this.codecFor(kind, codec)];
    const sender = transceiver.sender;
    // livekit-client finds the participant from the stream id and the publication from the track id.
    sender.streamId = `${publisherSid}|${trackSid}`;
    (sender as { trackId: string }).trackId = trackSid;
    const fast = new FastRtpSender(sender);
    this.sending.set(transceiver, { trackSid, fast });
    this.startReports();
    return {
      transceiver,
      trackSid,
      send: (seq, timestamp, marker, payload) => fast.send(seq, timestamp, marker, payload),
      ready: () => fast.ready,
      onReady: (listener) => {
        if (fast.ready) {
          queueMicrotask(listener);
          return;
        }
        // The DTLS transport may already be up (a later renegotiation): the codec comes with the answer.
        const poll = setInterval(() => {
          if (sender.stopped || this.closed) clearInterval(poll);
          else if (fast.ready) {
            clearInterval(poll);
            listener();
          }
        }, 50);
        poll.unref();
      },
      onPictureLoss: (listener) => {
        sender.onPictureLossIndication.subscribe(listener);
      },
    };
  }

  /** Stops sending a track; call negotiate() afterwards. */
  removeTrack(slot: SubscriberSlot): void {
    this.sending.delete(slot.transceiver);
    if (slot.transceiver.sender.stopped) return;
    try {
      this.pc.removeTrack(slot.transceiver.sender);
    } catch {
      // already removed
    }
  }

  /** Schedules an offer reflecting the current transceivers. */
  negotiate(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.offer().catch((error: unknown) => this.hooks.onError?.(error));
    });
  }

  /** Applies the browser's answer to our offer `id`. */
  async handleAnswer(sdp: string, id: number): Promise<void> {
    if (this.closed || !this.awaitingAnswer) return;
    if (id !== 0 && id !== this.offerId) return;
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
      this.releaseUnusedTransceivers();
    } finally {
      this.awaitingAnswer = false;
    }
    if (this.again) {
      this.again = false;
      this.negotiate();
    }
  }

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

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reportTimer) clearInterval(this.reportTimer);
    await closePeer(this.pc, this.gathering);
  }

  private feedback(compound: Buffer): void {
    readRtcp(compound, {
      nack: (ssrc, lost) => {
        for (const { fast } of this.sending.values()) if (fast.ssrc === ssrc) fast.retransmit(lost);
      },
      pictureLoss: (ssrc) => {
        for (const transceiver of this.sending.keys()) {
          if (transceiver.sender.ssrc === ssrc)
            transceiver.sender.onPictureLossIndication.execute();
        }
      },
    });
  }

  private startReports(): void {
    if (this.reportTimer || this.closed) return;
    this.reportTimer = setInterval(() => this.sendReports(), REPORT_INTERVAL_MS);
    this.reportTimer.unref();
  }

  private sendReports(): void {
    if (this.pc.dtlsTransports[0]?.state !== 'connected') return;
    const states: SenderState[] = [];
    for (const { fast } of this.sending.values()) {
      const state = fast.report();
      if (state) states.push(state);
    }
    for (let i = 0; i < states.length; i += MAX_BLOCKS) {
      const packet = encodeSenderReports(states.slice(i, i + MAX_BLOCKS));
      if (packet) sendRtcpBuffer(this.pc, packet);
    }
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    if (this.awaitingAnswer) {
      this.again = true;
      return;
    }
    this.awaitingAnswer = true;
    try {
      const offer = await this.pc.createOffer();
      if (this.closed) return;
      if (this.gathered) await this.pc.setLocalDescription(offer);
      else {
        this.gathered = true;
        this.gathering = this.setup.gather(this.pc, () => this.pc.setLocalDescription(offer));
        await this.gathering;
        this.fast.install();
      }
      if (this.closed) return;
      const sdp = rewriteCandidates(
        keepInactiveSectionsBundled(this.pc.localDescription?.sdp ?? offer.sdp),
        this.setup.candidateRule,
      );
      const midToTrackId: Record<string, string> = {};
      for (const [transceiver, { trackSid }] of this.sending) {
        if (transceiver.mid) midToTrackId[transceiver.mid] = trackSid;
      }
      this.offerId++;
      this.hooks.sendOffer(sdp, this.offerId, midToTrackId);
    } catch (error) {
      this.awaitingAnswer = false;
      throw error;
    }
  }

  // Once the browser agreed that a removed track's m-section is inactive, werift may reuse it
  // for the next track (it refuses by default once a transceiver has sent), so the SDP does not
  // grow with every publish and unpublish.
  private releaseUnusedTransceivers(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      if (this.sending.has(transceiver) || transceiver.currentDirection !== 'inactive') continue;
      transceiver.usedForSender = false;
    }
  }

  private codecFor(kind: 'audio' | 'video', codec: ForwardedCodec): RTCRtpCodecParameters {
    const key = `${codec.mimeType.toLowerCase()};${codec.parameters ?? ''}`;
    let pt = this.ptByCodec.get(key);
    if (pt === undefined) {
      const used = new Set(this.ptByCodec.values());
      const preferred = PREFERRED_PT[codec.mimeType.toLowerCase()];
      pt = preferred !== undefined && !used.has(preferred) ? preferred : firstFree(used);
      this.ptByCodec.set(key, pt);
    }
    return new RTCRtpCodecParameters({
      mimeType: codec.mimeType,
      clockRate: codec.clockRate,
      channels: codec.channels,
      parameters: codec.parameters,
      payloadType: pt,
      rtcpFeedback: kind === 'video' ? [useNACK(), usePLI()] : [],
    });
  }
}

function firstFree(used: Set<number>): number {
  for (let pt = 97; pt <= 127; pt++) {
    if (!used.has(pt) && pt !== 111 && pt !== 96 && pt !== 102) return pt;
  }
  return 127;
}
