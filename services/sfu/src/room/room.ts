import {
  DataPacket,
  ParticipantInfo_State,
  ParticipantUpdate,
  Room as RoomProto,
  SpeakerInfo,
  SpeakersChanged,
  TrackType,
  TrackUnpublishedResponse,
} from '../livekit-protocol';
import type { Logger } from '@ermine/infra';
import type { SfuEvent } from '../control';
import { newSid } from './ids';
import type { Participant, TrackEntry } from './participant';

/** Room settings (LiveKit's CreateRoomRequest fields the SFU honours). */
export interface RoomSettings {
  name: string;
  emptyTimeout: number;
  departureTimeout: number;
  maxParticipants: number;
  metadata: string;
}

const SPEAKER_INTERVAL_MS = 400;

/**
 * One room: its participants (by identity), the broadcasting of participant changes and the
 * publish/subscribe wiring between them. Lifecycle (creation, timeouts) belongs to the manager.
 */
export class Room {
  readonly sid = newSid('RM_');
  readonly participants = new Map<string, Participant>();
  readonly createdAtMs: number;
  settings: RoomSettings;
  /** When the last participant left (or the room was created empty). */
  emptySinceMs: number;
  /** Someone has joined at least once. */
  everJoined = false;
  closed = false;
  private speaking = new Map<string, number>();
  private speakerTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    settings: RoomSettings,
    private readonly now: () => number,
    private readonly emit: (event: SfuEvent) => void,
    private readonly log: Logger,
  ) {
    this.settings = settings;
    this.createdAtMs = now();
    this.emptySinceMs = this.createdAtMs;
  }

  get name(): string {
    return this.settings.name;
  }

  /** The Room message as LiveKit sends it. */
  proto(): RoomProto {
    const participants = [...this.participants.values()];
    return new RoomProto({
      sid: this.sid,
      name: this.settings.name,
      emptyTimeout: this.settings.emptyTimeout,
      departureTimeout: this.settings.departureTimeout,
      maxParticipants: this.settings.maxParticipants,
      creationTime: BigInt(Math.floor(this.createdAtMs / 1000)),
      creationTimeMs: BigInt(this.createdAtMs),
      metadata: this.settings.metadata,
      numParticipants: participants.filter((p) => !p.hidden).length,
      numPublishers: participants.filter((p) => p.boundTracks().length > 0).length,
      enabledCodecs: [],
    });
  }

  /** Adds a participant that has just been sent its join response. */
  add(participant: Participant): void {
    this.participants.set(participant.identity, participant);
    this.everJoined = true;
    participant.state = ParticipantInfo_State.JOINED;
    this.changed(participant);
    this.ensureSpeakerLoop();
  }

  /** Subscribes a newly joined participant to everything already published. */
  subscribeExisting(participant: Participant): void {
    if (!participant.autoSubscribe) return;
    for (const other of this.participants.values()) {
      if (other === participant) continue;
      for (const entry of other.boundTracks()) participant.subscribe(other, entry);
    }
  }

  /** The participants another one sees (hidden ones are not listed). */
  visibleTo(participant: Participant): Participant[] {
    return [...this.participants.values()].filter((p) => p !== participant && !p.hidden);
  }

  /** Bumps a participant's version and sends its info to everyone who may see it. */
  changed(participant: Participant): void {
    participant.version++;
    const update = new ParticipantUpdate({ participants: [participant.info()] });
    for (const other of this.participants.values()) {
      if (participant.hidden && other !== participant) continue;
      other.send({ case: 'update', value: update });
    }
  }

  /** Announces tracks a participant started publishing and subscribes the others to them. */
  published(participant: Participant, entries: TrackEntry[]): void {
    if (entries.length === 0) return;
    this.changed(participant);
    for (const entry of entries) {
      for (const other of this.participants.values()) {
        if (other !== participant && other.autoSubscribe) other.subscribe(participant, entry);
      }
      this.emit({
        event: 'track_published',
        room: this.proto(),
        participant: participant.info(),
        track: entry.info.clone(),
      });
    }
  }

  /** Withdraws tracks a participant stopped publishing. */
  unpublished(participant: Participant, entries: TrackEntry[], notifyPublisher = false): void {
    if (entries.length === 0) return;
    for (const entry of entries) {
      for (const other of this.participants.values()) other.unsubscribe(entry.info.sid);
      if (notifyPublisher) {
        participant.send({
          case: 'trackUnpublished',
          value: new TrackUnpublishedResponse({ trackSid: entry.info.sid }),
        });
      }
      this.speaking.delete(participant.sid);
    }
    this.changed(participant);
    for (const entry of entries) {
      this.emit({
        event: 'track_unpublished',
        room: this.proto(),
        participant: participant.info(),
        track: entry.info.clone(),
      });
    }
  }

  /** Sets a track's muted flag and tells everyone; returns false for an unknown track. */
  setMuted(participant: Participant, trackSid: string, muted: boolean): boolean {
    const entry = participant.tracks.get(trackSid);
    if (!entry) return false;
    if (entry.info.muted === muted) return true;
    entry.info.muted = muted;
    entry.media?.meter?.reset();
    if (!entry.media) return true;
    this.changed(participant);
    this.emit({
      event: muted ? 'track_muted' : 'track_unmuted',
      room: this.proto(),
      participant: participant.info(),
      track: entry.info.clone(),
    });
    return true;
  }

  /** Removes a participant (already told to leave, if at all) and tells the others. */
  async remove(participant: Participant): Promise<void> {
    if (this.participants.get(participant.identity) !== participant) return;
    this.participants.delete(participant.identity);
    const entries = participant.boundTracks();
    for (const entry of entries) {
      for (const other of this.participants.values()) other.unsubscribe(entry.info.sid);
    }
    if (this.speaking.delete(participant.sid))
      this.sendSpeakers([new SpeakerInfo({ sid: participant.sid, level: 0, active: false })]);
    participant.state = ParticipantInfo_State.DISCONNECTED;
    const info = participant.info();
    info.version = participant.version + 1;
    for (const other of this.participants.values()) {
      if (!participant.hidden)
        other.send({ case: 'update', value: new ParticipantUpdate({ participants: [info] }) });
    }
    await participant
      .close()
      .catch((error: unknown) => this.log.warn({ err: error }, 'closing participant failed'));
    const room = this.proto();
    for (const entry of entries) {
      this.emit({ event: 'track_unpublished', room, participant: info, track: entry.info.clone() });
    }
    if (participant.announced) this.emit({ event: 'participant_left', room, participant: info });
    if (this.participants.size === 0) {
      this.emptySinceMs = this.now();
      this.stopSpeakerLoop();
    }
  }

  /** Relays a data packet from one participant's publisher channel to the others. */
  relayData(from: Participant, label: string, data: Buffer): void {
    if (!from.permission.canPublishData) return;
    let packet: DataPacket;
    try {
      packet = DataPacket.fromBinary(data);
    } catch {
      return;
    }
    // Receivers learn the sender from these fields, whatever the sender wrote there.
    packet.participantIdentity = from.identity;
    packet.participantSid = from.sid;
    const user = packet.value.case === 'user' ? packet.value.value : undefined;
    if (user) {
      user.participantIdentity = from.identity;
      user.participantSid = from.sid;
    }
    const destinations = new Set([
      ...packet.destinationIdentities,
      ...(user?.destinationIdentities ?? []),
    ]);
    const out = Buffer.from(packet.toBinary());
    const channel = label === '_lossy' ? '_lossy' : '_reliable';
    for (const other of this.participants.values()) {
      if (other === from || other.state !== ParticipantInfo_State.ACTIVE) continue;
      if (destinations.size > 0 && !destinations.has(other.identity)) continue;
      other.subscriber.sendData(channel, out);
    }
  }

  /** Stops timers; participants are removed by the caller. */
  close(): void {
    this.closed = true;
    this.stopSpeakerLoop();
  }

  private ensureSpeakerLoop(): void {
    if (this.speakerTimer) return;
    this.speakerTimer = setInterval(() => this.updateSpeakers(), SPEAKER_INTERVAL_MS);
    this.speakerTimer.unref();
  }

  private stopSpeakerLoop(): void {
    if (this.speakerTimer) clearInterval(this.speakerTimer);
    this.speakerTimer = undefined;
  }

  // Speakers are sent as changes: a speaker stays "speaking" until active=false arrives.
  private updateSpeakers(): void {
    const changes: SpeakerInfo[] = [];
    for (const participant of this.participants.values()) {
      let level = 0;
      for (const entry of participant.boundTracks()) {
        if (entry.info.type !== TrackType.AUDIO || entry.info.muted || !entry.media?.meter)
          continue;
        const state = entry.media.meter.take();
        if (state.active) level = Math.max(level, state.level);
      }
      const before = this.speaking.get(participant.sid);
      if (level > 0) {
        if (before === undefined || Math.abs(before - level) > 0.05) {
          this.speaking.set(participant.sid, level);
          changes.push(new SpeakerInfo({ sid: participant.sid, level, active: true }));
        }
      } else if (before !== undefined) {
        this.speaking.delete(participant.sid);
        changes.push(new SpeakerInfo({ sid: participant.sid, level: 0, active: false }));
      }
    }
    if (changes.length > 0) this.sendSpeakers(changes);
  }

  private sendSpeakers(speakers: SpeakerInfo[]): void {
    const message = new SpeakersChanged({ speakers });
    for (const participant of this.participants.values()) {
      participant.send({ case: 'speakersChanged', value: message });
    }
  }
}
