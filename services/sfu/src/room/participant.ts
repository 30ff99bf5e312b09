import {
  AddTrackRequest,
  ParticipantInfo,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  ParticipantPermission,
  SimulcastCodecInfo,
  TrackInfo,
  TrackSource,
  TrackType,
  VideoLayer,
  VideoQuality,
  type SignalResponse,
  type UpdateTrackSettings,
} from '../livekit-protocol';
import type { Logger } from '@ermine/infra';
import type { VideoGrant } from '../auth/access-token';
import { DownTrack } from '../media/down-track';
import { PublishedTrack, type TrackWishes } from '../media/published-track';
import { PortRangeExhaustedError } from '../rtc/port-allocator';
import type { PeerSetup } from '../rtc/peer-config';
import { PublisherPeer } from '../rtc/publisher-peer';
import type { MediaSection } from '../rtc/sdp';
import { SubscriberPeer, type SubscriberSlot } from '../rtc/subscriber-peer';
import { newSid } from './ids';

/** A track a participant announced with addTrack, bound to an m-section once the offer arrives. */
export interface TrackEntry {
  info: TrackInfo;
  /** The browser's MediaStreamTrack id (what the SDP's msid names). */
  cid: string;
  /** The publisher m-section carrying it; undefined until bound. */
  mid?: string;
  msidTrackId?: string;
  media?: PublishedTrack;
}

/** One published track as this participant receives it. */
interface Subscription {
  publisherSid: string;
  entry: TrackEntry;
  slot: SubscriberSlot;
  down: DownTrack;
}

/** Where a participant's signalling goes (the current WebSocket session). */
export interface SignalSink {
  send(message: SignalResponse['message']): void;
  /** Closes the signalling connection. */
  close(): void;
}

/** What a participant reports to its room. */
export interface ParticipantHooks {
  onSubscriberState(participant: Participant, state: string): void;
  onData?(participant: Participant, label: string, data: Buffer): void;
  /** A peer connection could not be set up (no free UDP port): the participant can't stay. */
  onMediaFailure?(participant: Participant, error: unknown): void;
}

/** The result of applying a publisher offer. */
export interface PublisherOfferResult {
  answer: string;
  published: TrackEntry[];
  unpublished: TrackEntry[];
}

/** Options of a new participant (from the verified token and the join query). */
export interface ParticipantOptions {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  permission: ParticipantPermission;
  grant: VideoGrant;
  autoSubscribe: boolean;
  joinedAtMs: number;
  clientProtocol: number;
}

/**
 * One participant of a room: its LiveKit identity and info, its two peer connections (publisher:
 * browser → SFU, subscriber: SFU → browser), the tracks it publishes and those it receives.
 */
export class Participant {
  readonly sid = newSid('PA_');
  readonly identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  permission: ParticipantPermission;
  grant: VideoGrant;
  autoSubscribe: boolean;
  state = ParticipantInfo_State.JOINING;
  version = 0;
  readonly joinedAtMs: number;
  readonly clientProtocol: number;
  /** Published tracks by sid (bound or still pending). */
  readonly tracks = new Map<string, TrackEntry>();
  readonly subscriptions = new Map<string, Subscription>();
  /** UpdateTrackSettings by track sid, kept across (re)subscriptions. */
  private readonly wishes = new Map<string, UpdateTrackSettings>();
  session: SignalSink | undefined;
  publisher: PublisherPeer | undefined;
  readonly subscriber: SubscriberPeer;
  /** participant_joined was emitted (it is emitted once the subscriber connection is up). */
  announced = false;
  closed = false;

  constructor(
    options: ParticipantOptions,
    private readonly setup: PeerSetup,
    private readonly hooks: ParticipantHooks,
    private readonly log: Logger,
  ) {
    this.identity = options.identity;
    this.name = options.name;
    this.metadata = options.metadata;
    this.attributes = options.attributes;
    this.permission = options.permission;
    this.grant = options.grant;
    this.autoSubscribe = options.autoSubscribe;
    this.joinedAtMs = options.joinedAtMs;
    this.clientProtocol = options.clientProtocol;
    this.subscriber = new SubscriberPeer(setup, {
      sendOffer: (sdp, id, midToTrackId) => {
        this.log.debug({ id, sdp, midToTrackId }, 'subscriber offer');
        this.send({ case: 'offer', value: { type: 'offer', sdp, id, midToTrackId } as never });
      },
      onState: (state) => {
        this.log.debug({ state }, 'subscriber connection state');
        hooks.onSubscriberState(this, state);
      },
      onError: (error) => {
        if (error instanceof PortRangeExhaustedError) hooks.onMediaFailure?.(this, error);
        else
          this.log.warn(
            { err: error, participant: this.identity },
            'subscriber negotiation failed',
          );
      },
    });
  }

  /** Sends a signal message to the participant's current session, if any. */
  send(message: SignalResponse['message']): void {
    if (!this.closed) this.session?.send(message);
  }

  /** Whether other participants see this one. */
  get hidden(): boolean {
    return this.permission.hidden;
  }

  /** The bound (announced) tracks. */
  boundTracks(): TrackEntry[] {
    return [...this.tracks.values()].filter((entry) => entry.media !== undefined);
  }

  /** ParticipantInfo as LiveKit sends it. */
  info(): ParticipantInfo {
    return new ParticipantInfo({
      sid: this.sid,
      identity: this.identity,
      name: this.name,
      metadata: this.metadata,
      attributes: { ...this.attributes },
      state: this.state,
      tracks: this.boundTracks().map((entry) => entry.info.clone()),
      joinedAt: BigInt(Math.floor(this.joinedAtMs / 1000)),
      joinedAtMs: BigInt(this.joinedAtMs),
      version: this.version,
      permission: this.permission.clone(),
      isPublisher: this.boundTracks().length > 0,
      kind: ParticipantInfo_Kind.STANDARD,
      clientProtocol: this.clientProtocol,
    });
  }

  /** Registers a track the client is about to publish; throws a message when not allowed. */
  addTrack(request: AddTrackRequest): TrackInfo {
    const source =
      request.source ||
      (request.type === TrackType.AUDIO ? TrackSource.MICROPHONE : TrackSource.CAMERA);
    const existing = [...this.tracks.values()].find(
      (entry) => entry.cid === request.cid && !entry.mid,
    );
    if (existing) return existing.info;
    const kind = request.type === TrackType.AUDIO ? 'A' : 'V';
    const info = new TrackInfo({
      sid: request.sid || newSid(`TR_${kind}`),
      type: request.type,
      name: request.name,
      muted: request.muted,
      width: request.width,
      height: request.height,
      simulcast:
        request.layers.length > 1 ||
        request.simulcastCodecs.some((codec) => codec.layers.length > 1),
      disableDtx: request.disableDtx,
      source,
      layers: request.layers.map((layer) => layer.clone()),
      codecs: request.simulcastCodecs.map(
        (codec) =>
          new SimulcastCodecInfo({
            mimeType: `${request.type === TrackType.AUDIO ? 'audio' : 'video'}/${codec.codec}`,
            cid: codec.cid,
            layers: codec.layers.map((layer) => layer.clone()),
          }),
      ),
      stereo: request.stereo,
      disableRed: true,
      encryption: request.encryption,
      stream: request.stream,
      audioFeatures: [...request.audioFeatures],
    });
    this.tracks.set(info.sid, { info, cid: request.cid });
    return info;
  }

  /** Applies the browser's publisher offer: answers it, binds new m-sections, spots removed ones. */
  async handlePublisherOffer(sdp: string): Promise<PublisherOfferResult> {
    if (!this.publisher)
      this.publisher = new PublisherPeer(this.setup, (label, data) =>
        this.hooks.onData?.(this, label, data),
      );
    const publisher = this.publisher;
    const answer = await publisher.answer(sdp, (section) => this.codecFor(section));
    const published: TrackEntry[] = [];
    const unpublished: TrackEntry[] = [];
    const byMid = new Map<string, TrackEntry>();
    for (const entry of this.tracks.values()) if (entry.mid) byMid.set(entry.mid, entry);
    for (const section of publisher.sections) {
      if (section.kind !== 'audio' && section.kind !== 'video') continue;
      const sending =
        section.port !== 0 &&
        (section.direction === 'sendonly' || section.direction === 'sendrecv');
      const bound = byMid.get(section.mid);
      if (
        bound &&
        (!sending ||
          (section.trackId && bound.msidTrackId && section.trackId !== bound.msidTrackId))
      ) {
        this.dropTrack(bound);
        unpublished.push(bound);
      }
      if (!sending || (bound && !unpublished.includes(bound))) continue;
      const entry = this.pendingFor(section);
      if (!entry) continue;
      if (this.bindTrack(entry, section)) published.push(entry);
    }
    return { answer, published, unpublished };
  }

  /** Removes a published track (unpublish by the client, or by the server); returns it. */
  removeTrack(sid: string): TrackEntry | undefined {
    const entry = this.tracks.get(sid);
    if (!entry) return undefined;
    this.dropTrack(entry);
    return entry;
  }

  /** Receives `entry` of `publisher` (no-op without permission or when already subscribed). */
  subscribe(publisher: Participant, entry: TrackEntry): boolean {
    const media = entry.media;
    if (!media || !this.permission.canSubscribe || this.closed) return false;
    if (this.subscriptions.has(entry.info.sid)) return false;
    const transceiver = publisher.publisher?.transceiver(entry.mid ?? '');
    const codec = transceiver?.codecs[0];
    if (!codec) return false;
    const slot = this.subscriber.addTrack(
      media.kind,
      {
        mimeType: codec.mimeType,
        clockRate: codec.clockRate,
        channels: codec.channels,
        parameters: codec.parameters,
      },
      publisher.sid,
      entry.info.sid,
    );
    const down = new DownTrack(media.kind, media.mimeType, media.clockRate, slot.send, slot.ready);
    slot.onPictureLoss(() => media.pictureLost(this.sid));
    // The first key frame is asked for once the subscriber can actually receive it.
    slot.onReady(() => media.pictureLost(this.sid));
    media.subscribe(this.sid, down, this.wishesFor(entry));
    this.subscriptions.set(entry.info.sid, { publisherSid: publisher.sid, entry, slot, down });
    this.subscriber.negotiate();
    return true;
  }

  /** Stops receiving a track. */
  unsubscribe(trackSid: string): boolean {
    const sub = this.subscriptions.get(trackSid);
    if (!sub) return false;
    this.subscriptions.delete(trackSid);
    sub.entry.media?.unsubscribe(this.sid);
    this.subscriber.removeTrack(sub.slot);
    if (!this.closed) this.subscriber.negotiate();
    return true;
  }

  /** Applies UpdateTrackSettings for the listed tracks. */
  updateTrackSettings(settings: UpdateTrackSettings): void {
    for (const sid of settings.trackSids) {
      this.wishes.set(sid, settings);
      const sub = this.subscriptions.get(sid);
      if (sub) sub.entry.media?.setWishes(this.sid, this.wishesFor(sub.entry));
    }
  }

  /** Closes both peer connections and every subscription. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const sid of [...this.subscriptions.keys()]) this.unsubscribe(sid);
    this.closed = true;
    for (const entry of this.tracks.values()) entry.media?.close();
    await Promise.all([this.publisher?.close(), this.subscriber.close()]);
  }

  // The codec the client asked for in addTrack (LiveKit servers pick it in the answer).
  private codecFor(section: MediaSection): string | undefined {
    const bound = [...this.tracks.values()].find(
      (entry) => entry.mid === section.mid && entry.msidTrackId === section.trackId,
    );
    if (bound) return bound.info.mimeType || undefined;
    const entry = this.pendingFor(section);
    const requested = entry?.info.codecs[0]?.mimeType;
    if (requested) return requested;
    return section.kind === 'audio' ? 'audio/opus' : undefined;
  }

  private pendingFor(section: MediaSection): TrackEntry | undefined {
    const pending = [...this.tracks.values()].filter((entry) => entry.mid === undefined);
    const type = section.kind === 'audio' ? TrackType.AUDIO : TrackType.VIDEO;
    const byCid = pending.find(
      (entry) =>
        entry.info.type === type &&
        section.trackId !== undefined &&
        (entry.cid === section.trackId ||
          entry.info.codecs.some((codec) => codec.cid === section.trackId)),
    );
    // Firefox's msid does not carry the track id: take the oldest pending track of the kind.
    return byCid ?? pending.find((entry) => entry.info.type === type);
  }

  private bindTrack(entry: TrackEntry, section: MediaSection): boolean {
    const publisher = this.publisher;
    const transceiver = publisher?.transceiver(section.mid);
    const codec = transceiver?.codecs[0];
    if (!publisher || !transceiver || !codec) return false;
    const kind = section.kind === 'audio' ? 'audio' : 'video';
    const media = new PublishedTrack(kind, codec.mimeType, codec.clockRate, section.rids, (ssrc) =>
      publisher.requestKeyframe(ssrc),
    );
    entry.mid = section.mid;
    entry.msidTrackId = section.trackId;
    entry.media = media;
    entry.info.mid = section.mid;
    entry.info.mimeType = codec.mimeType;
    if (kind === 'video' && section.rids.length > 0) {
      entry.info.simulcast = section.rids.length > 1;
      entry.info.layers = layersFor(entry.info, section.rids);
    }
    for (const codecInfo of entry.info.codecs) codecInfo.mid = section.mid;
    publisher.bind(section.mid, (packet, rid, level) => media.receive(rid, packet, level));
    return true;
  }

  private dropTrack(entry: TrackEntry): void {
    this.tracks.delete(entry.info.sid);
    if (entry.mid) this.publisher?.bind(entry.mid, undefined);
    entry.media?.close();
  }

  private wishesFor(entry: TrackEntry): TrackWishes {
    const settings = this.wishes.get(entry.info.sid);
    if (!settings) return { disabled: false, maxRank: Infinity };
    if (settings.quality === VideoQuality.OFF) return { disabled: true, maxRank: Infinity };
    return { disabled: settings.disabled, maxRank: maxRankFor(entry.info, settings) };
  }
}

const RID_QUALITY: Record<string, VideoQuality> = {
  q: VideoQuality.LOW,
  h: VideoQuality.MEDIUM,
  f: VideoQuality.HIGH,
};

// The TrackInfo layers for the rids actually negotiated (quality from the rid, size from addTrack).
function layersFor(info: TrackInfo, rids: string[]): VideoLayer[] {
  return rids.map((rid, rank) => {
    const quality = RID_QUALITY[rid] ?? (rank as VideoQuality);
    const announced =
      info.layers.find((layer) => layer.rid === rid) ??
      info.layers.find((layer) => layer.quality === quality);
    return new VideoLayer({
      quality,
      rid,
      width: announced?.width ?? 0,
      height: announced?.height ?? 0,
      bitrate: announced?.bitrate ?? 0,
      spatialLayer: rank,
    });
  });
}

// The highest layer rank a subscriber wants: by rendered size when given, else by quality.
function maxRankFor(info: TrackInfo, settings: UpdateTrackSettings): number {
  const layers = [...info.layers].sort((a, b) => a.spatialLayer - b.spatialLayer);
  if (layers.length === 0) return Infinity;
  if (settings.width > 0 || settings.height > 0) {
    const fit = layers.findIndex(
      (layer) => layer.width >= settings.width && layer.height >= settings.height,
    );
    return fit >= 0 ? fit : layers.length - 1;
  }
  let best = 0;
  layers.forEach((layer, rank) => {
    if (layer.quality <= settings.quality) best = rank;
  });
  return best;
}
