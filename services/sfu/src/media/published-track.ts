import { isKeyframeStart } from './codec';
import { DownTrack, type ReceivedRtp, type SourcePacket } from './down-track';
import { AudioLevelMeter } from './audio-level';

/** One simulcast layer (or the only stream) of a published track, as it arrives. */
export interface LayerState {
  /** rid, or '' without simulcast. */
  key: string;
  /** 0 = lowest. */
  rank: number;
  ssrc: number;
  lastPacketMs: number;
  /** Start of the current run of packets without a pause longer than LAYER_TIMEOUT_MS. */
  activeSinceMs: number;
  packets: number;
  bytes: number;
}

/** The subscriber's wishes for one track (UpdateTrackSettings). */
export interface TrackWishes {
  disabled: boolean;
  /** Highest layer rank wanted (0 = lowest); Infinity: no limit. */
  maxRank: number;
}

/** Asks the publisher for a key frame on one SSRC. */
export type KeyframeRequester = (ssrc: number) => void;

// A layer that sent nothing for this long is considered stopped (the browser pauses upper layers
// when its bandwidth estimate drops).
const LAYER_TIMEOUT_MS = 1500;
// A layer must have been flowing this long before subscribers are moved up to it.
const UPGRADE_AFTER_MS = 1000;
const KEYFRAME_MIN_INTERVAL_MS = 300;

interface Subscription {
  down: DownTrack;
  wishes: TrackWishes;
}

/**
 * The media side of one published track: receives the publisher's packets (all simulcast layers),
 * chooses a layer per subscriber and fans packets out to the subscribers' down tracks.
 */
export class PublishedTrack {
  readonly layers = new Map<string, LayerState>();
  readonly meter: AudioLevelMeter | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly lastKeyframeRequest = new Map<number, number>();
  private rankOf: (key: string) => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  packetsIn = 0;

  constructor(
    readonly kind: 'audio' | 'video',
    readonly mimeType: string,
    readonly clockRate: number,
    rids: string[],
    private readonly requestKeyframeFrom: KeyframeRequester,
    private readonly now: () => number = Date.now,
  ) {
    this.rankOf = (key) => Math.max(0, rids.indexOf(key));
    this.meter = kind === 'audio' ? new AudioLevelMeter() : undefined;
    if (kind === 'video') {
      this.timer = setInterval(() => this.evaluate(), 250);
      this.timer.unref();
    }
  }

  /** Handles one packet from the publisher. */
  receive(layer: string, packet: ReceivedRtp, audioLevel: number | undefined): void {
    const nowMs = this.now();
    this.packetsIn++;
    let state = this.layers.get(layer);
    if (!state) {
      state = {
        key: layer,
        rank: this.rankOf(layer),
        ssrc: packet.header.ssrc,
        lastPacketMs: nowMs,
        activeSinceMs: nowMs,
        packets: 0,
        bytes: 0,
      };
      this.layers.set(layer, state);
      if (this.kind === 'video') queueMicrotask(() => this.evaluate());
    }
    if (nowMs - state.lastPacketMs > LAYER_TIMEOUT_MS) state.activeSinceMs = nowMs;
    state.ssrc = packet.header.ssrc;
    state.lastPacketMs = nowMs;
    state.packets++;
    state.bytes += packet.payload.length;
    if (audioLevel !== undefined && this.meter) this.meter.add(audioLevel, nowMs);
    if (this.subscriptions.size === 0) return;
    let keyframe = false;
    if (this.kind === 'video') {
      for (const { down } of this.subscriptions.values()) {
        if (down.waitingForKeyframe && down.target === layer) {
          keyframe = isKeyframeStart(this.mimeType, packet.payload);
          break;
        }
      }
    }
    const source: SourcePacket = { packet, layer, keyframe, arrivalMs: nowMs };
    for (const { down } of this.subscriptions.values()) down.write(source);
  }

  /** Starts forwarding to a subscriber (keyed by participant sid). */
  subscribe(subscriberSid: string, down: DownTrack, wishes: TrackWishes): void {
    this.subscriptions.set(subscriberSid, { down, wishes });
    down.paused = wishes.disabled;
    this.evaluate();
  }

  unsubscribe(subscriberSid: string): void {
    this.subscriptions.delete(subscriberSid);
  }

  /** Applies a subscriber's UpdateTrackSettings. */
  setWishes(subscriberSid: string, wishes: TrackWishes): void {
    const sub = this.subscriptions.get(subscriberSid);
    if (!sub) return;
    sub.wishes = wishes;
    const wasPaused = sub.down.paused;
    sub.down.paused = wishes.disabled;
    if (wasPaused && !wishes.disabled && this.kind === 'video') sub.down.current = undefined;
    this.evaluate();
  }

  /** A subscriber lost a picture: ask the publisher for a key frame of what it forwards. */
  pictureLost(subscriberSid: string): void {
    const sub = this.subscriptions.get(subscriberSid);
    const key = sub?.down.current ?? sub?.down.target;
    if (key === undefined) return;
    const layer = this.layers.get(key);
    if (layer) this.requestKeyframe(layer.ssrc);
  }

  /** Number of subscribers. */
  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.subscriptions.clear();
  }

  /** Picks each subscriber's target layer: the best one flowing, within what it asked for. */
  evaluate(): void {
    if (this.kind !== 'video') return;
    const nowMs = this.now();
    const flowing = [...this.layers.values()]
      .filter((layer) => nowMs - layer.lastPacketMs <= LAYER_TIMEOUT_MS)
      .sort((a, b) => a.rank - b.rank);
    if (flowing.length === 0) return;
    for (const { down, wishes } of this.subscriptions.values()) {
      if (down.paused || !down.ready) continue;
      const allowed = flowing.filter((layer) => layer.rank <= wishes.maxRank);
      const candidates = allowed.length > 0 ? allowed : flowing.slice(0, 1);
      const current = down.current === undefined ? undefined : this.layers.get(down.current);
      const currentFlowing =
        current !== undefined && nowMs - current.lastPacketMs <= LAYER_TIMEOUT_MS;
      // Start (or fall back) with whatever flows now; move up only to layers that kept flowing.
      const eligible = currentFlowing
        ? candidates.filter(
            (layer) => layer === current || nowMs - layer.activeSinceMs >= UPGRADE_AFTER_MS,
          )
        : candidates;
      const best = eligible[eligible.length - 1] ?? candidates[0];
      if (!best || best.key === down.current) {
        down.target = undefined;
        continue;
      }
      down.target = best.key;
      this.requestKeyframe(best.ssrc);
    }
  }

  private requestKeyframe(ssrc: number): void {
    const nowMs = this.now();
    const last = this.lastKeyframeRequest.get(ssrc) ?? 0;
    if (nowMs - last < KEYFRAME_MIN_INTERVAL_MS) return;
    this.lastKeyframeRequest.set(ssrc, nowMs);
    this.requestKeyframeFrom(ssrc);
  }
}
