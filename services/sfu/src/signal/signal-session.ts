import {
  AddTrackRequest,
  ClientConfiguration,
  Codec,
  DisconnectReason,
  ICEServer,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  Pong,
  RequestResponse,
  RequestResponse_Reason,
  ServerInfo,
  ServerInfo_Edition,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  TrackPublishedResponse,
  TrackType,
  type TrickleRequest,
  type UpdateParticipantMetadata,
  type UpdateSubscription,
} from '../livekit-protocol';
import type { RawData } from 'ws';
import type { Clock, Logger } from '@ermine/infra';
import { canPublishSource, type TokenClaims } from '../auth/access-token';
import type { NetworkOptions } from '../rtc/peer-config';
import { PortRangeExhaustedError } from '../rtc/port-allocator';
import { PUBLISH_MIME_TYPES } from '../rtc/peer-config';
import type { Participant } from '../room/participant';
import { JoinError, type RoomManager, type SessionHandle } from '../room/room-manager';
import type { Room } from '../room/room';
import type { SessionQuery } from './session-query';
import type { SignalSocket } from './signal-socket';

/** The version this SFU reports; livekit-client only needs it non-empty (and ≥ 1.8 for RPC). */
export const SERVER_VERSION = '1.9.0';
const SERVER_PROTOCOL = 16;
const PING_INTERVAL_S = 5;
const PING_TIMEOUT_S = 15;
const REFRESH_INTERVAL_MS = 5 * 60 * 1000;
const WS_PING_MS = 10_000;

/** What every session needs from the service. */
export interface SessionContext {
  manager: RoomManager;
  log: Logger;
  clock: Clock;
  network: NetworkOptions;
  nodeName: string;
  /** Overrides the refresh-token period (tests). */
  refreshIntervalMs?: number;
}

// The query and the refusal live apart so that the HTTP side can use them without loading the
// media stack.
export { refuseJoin, sessionQuery, type SessionQuery } from './session-query';

/**
 * One signalling WebSocket (LiveKit v0, dual peer connection): joins the participant, then
 * handles its requests one at a time until it leaves or the socket closes.
 */
export class SignalSession implements SessionHandle {
  private participant: Participant | undefined;
  private room: Room | undefined;
  private json = false;
  private lastSeenMs: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private pendingCandidates: TrickleRequest[] = [];
  private ended = false;

  constructor(
    private readonly ws: SignalSocket,
    private readonly ctx: SessionContext,
  ) {
    this.lastSeenMs = Date.now();
  }

  /** Runs the session for a verified token. */
  async start(claims: TokenClaims, query: SessionQuery): Promise<void> {
    this.ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    this.ws.on('close', () => this.onClose());
    this.ws.on('error', (error) => this.ctx.log.debug({ err: error }, 'signal socket error'));
    this.ws.on('pong', () => (this.lastSeenMs = Date.now()));
    if (query.reconnect) {
      // Resuming needs state this SFU does not keep: ask for a full rejoin instead.
      this.sendLeave(DisconnectReason.STATE_MISMATCH, LeaveRequest_Action.RECONNECT);
      this.close();
      return;
    }
    try {
      const { room, participant } = await this.ctx.manager.join(
        { claims, autoSubscribe: query.autoSubscribe, clientProtocol: query.clientProtocol },
        this,
      );
      if (this.ended) {
        await this.ctx.manager.leave(participant);
        return;
      }
      this.room = room;
      this.participant = participant;
      this.send({ case: 'join', value: this.joinResponse(room, participant) });
      this.ctx.manager.admit(room, participant);
      this.startTimers(participant);
    } catch (error) {
      const reason = error instanceof JoinError ? error.reason : DisconnectReason.JOIN_FAILURE;
      this.ctx.log.info({ err: error, identity: claims.identity }, 'join refused');
      this.sendLeave(reason, LeaveRequest_Action.DISCONNECT);
      this.close();
    }
  }

  /** Sends one SignalResponse in the format the client last used. */
  send(message: SignalResponse['message']): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const response = new SignalResponse({ message });
    if (this.json) this.ws.send(response.toJsonString());
    else this.ws.send(response.toBinary());
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)
      this.ws.close(1000);
  }

  private joinResponse(room: Room, participant: Participant): JoinResponse {
    const { network, nodeName } = this.ctx;
    return new JoinResponse({
      room: room.proto(),
      participant: participant.info(),
      otherParticipants: room.visibleTo(participant).map((p) => p.info()),
      serverVersion: SERVER_VERSION,
      serverRegion: '',
      iceServers: network.turnServers.map(
        (server) =>
          new ICEServer({
            urls: Array.isArray(server.urls) ? server.urls : [server.urls],
            username: server.username ?? '',
            credential: server.credential ?? '',
          }),
      ),
      subscriberPrimary: true,
      pingTimeout: PING_TIMEOUT_S,
      pingInterval: PING_INTERVAL_S,
      serverInfo: new ServerInfo({
        edition: ServerInfo_Edition.Standard,
        version: SERVER_VERSION,
        protocol: SERVER_PROTOCOL,
        nodeId: nodeName,
      }),
      enabledPublishCodecs: PUBLISH_MIME_TYPES.map((mime) => new Codec({ mime })),
      fastPublish: false,
      clientConfiguration: new ClientConfiguration(),
    });
  }

  private startTimers(participant: Participant): void {
    const refresh = () => {
      this.ctx.manager.sendRefreshToken(participant).catch((error: unknown) => {
        this.ctx.log.warn({ err: error }, 'refresh token failed');
      });
    };
    refresh();
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.ctx.refreshIntervalMs ?? REFRESH_INTERVAL_MS, refresh);
    every(WS_PING_MS, () => {
      if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
    });
    every(PING_INTERVAL_S * 1000, () => {
      if (Date.now() - this.lastSeenMs > PING_TIMEOUT_S * 1000) {
        this.ctx.log.info({ identity: participant.identity }, 'signal ping timeout');
        this.ws.terminate();
      }
    });
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    this.lastSeenMs = Date.now();
    let request: SignalRequest;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        request = SignalRequest.fromBinary(bytes);
        this.json = false;
      } else {
        request = SignalRequest.fromJsonString(bytes.toString('utf8'), {
          ignoreUnknownFields: true,
        });
        this.json = true;
      }
    } catch (error) {
      this.ctx.log.debug({ err: error }, 'undecodable signal frame');
      return;
    }
    const message = request.message;
    // Pings are answered at once, not behind media negotiation.
    if (message.case === 'ping') {
      this.send({ case: 'pong', value: BigInt(Date.now()) });
      return;
    }
    if (message.case === 'pingReq') {
      this.send({
        case: 'pongResp',
        value: new Pong({
          lastPingTimestamp: message.value.timestamp,
          timestamp: BigInt(Date.now()),
        }),
      });
      return;
    }
    this.queue = this.queue
      .then(() => this.handle(message))
      .catch((error: unknown) =>
        this.ctx.log.warn({ err: error, request: message.case }, 'signal request failed'),
      );
  }

  private async handle(message: SignalRequest['message']): Promise<void> {
    const participant = this.participant;
    const room = this.room;
    if (!participant || !room || participant.closed) return;
    const manager = this.ctx.manager;
    switch (message.case) {
      case 'offer':
        return this.handleOffer(participant, room, message.value);
      case 'answer':
        return participant.subscriber.handleAnswer(message.value.sdp, message.value.id);
      case 'trickle':
        return this.handleTrickle(participant, message.value);
      case 'addTrack':
        return this.handleAddTrack(participant, message.value);
      case 'mute':
        manager.setMuted(participant, message.value.sid, message.value.muted);
        return;
      case 'subscription':
        return this.handleSubscription(participant, room, message.value);
      case 'trackSetting':
        participant.updateTrackSettings(message.value);
        return;
      case 'updateMetadata':
        return this.handleMetadata(participant, room, message.value);
      case 'updateVideoTrack': {
        const entry = participant.tracks.get(message.value.trackSid);
        if (!entry) return;
        entry.info.width = message.value.width;
        entry.info.height = message.value.height;
        room.changed(participant);
        return;
      }
      case 'updateAudioTrack': {
        const entry = participant.tracks.get(message.value.trackSid);
        if (!entry) return;
        entry.info.audioFeatures = [...message.value.features];
        room.changed(participant);
        return;
      }
      case 'leave':
        await manager.leave(participant);
        this.close();
        return;
      default:
        // subscriptionPermission, syncState, simulate, updateLayers, data tracks: not supported.
        return;
    }
  }

  private async handleOffer(
    participant: Participant,
    room: Room,
    offer: SessionDescription,
  ): Promise<void> {
    let result: Awaited<ReturnType<Participant['handlePublisherOffer']>>;
    try {
      result = await participant.handlePublisherOffer(offer.sdp);
    } catch (error) {
      if (!(error instanceof PortRangeExhaustedError)) throw error;
      this.ctx.manager.mediaFailed(participant, error);
      return;
    }
    this.ctx.log.debug(
      { identity: participant.identity, offer: offer.sdp, answer: result.answer },
      'publisher offer answered',
    );
    this.send({
      case: 'answer',
      value: new SessionDescription({ type: 'answer', sdp: result.answer, id: offer.id }),
    });
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const trickle of pending) await this.handleTrickle(participant, trickle);
    room.unpublished(participant, result.unpublished);
    room.published(participant, result.published);
  }

  private async handleTrickle(participant: Participant, trickle: TrickleRequest): Promise<void> {
    let init: { candidate?: string; sdpMid?: string | null; sdpMLineIndex?: number | null };
    try {
      init = JSON.parse(trickle.candidateInit) as typeof init;
    } catch {
      return;
    }
    if (trickle.target === SignalTarget.SUBSCRIBER) {
      await participant.subscriber.addCandidate(init);
      return;
    }
    if (!participant.publisher) {
      this.pendingCandidates.push(trickle);
      return;
    }
    await participant.publisher.addCandidate(init);
  }

  private handleAddTrack(participant: Participant, request: AddTrackRequest): void {
    const source = request.source;
    const allowed =
      request.type !== TrackType.DATA &&
      (source !== 0
        ? canPublishSource(participant.permission, source)
        : participant.permission.canPublish &&
          participant.permission.canPublishSources.length === 0);
    if (!allowed) {
      this.send({
        case: 'requestResponse',
        value: new RequestResponse({
          reason: RequestResponse_Reason.NOT_ALLOWED,
          message: 'does not have permission to publish this source',
          request: { case: 'addTrack', value: request },
        }),
      });
      return;
    }
    const track = participant.addTrack(request);
    this.send({
      case: 'trackPublished',
      value: new TrackPublishedResponse({ cid: request.cid, track }),
    });
  }

  private handleSubscription(
    participant: Participant,
    room: Room,
    update: UpdateSubscription,
  ): void {
    if (!participant.permission.canSubscribe) return;
    const sids = new Set([
      ...update.trackSids,
      ...update.participantTracks.flatMap((p) => p.trackSids),
    ]);
    for (const sid of sids) {
      if (!update.subscribe) {
        participant.unsubscribe(sid);
        continue;
      }
      for (const publisher of room.participants.values()) {
        if (publisher === participant) continue;
        const entry = publisher.tracks.get(sid);
        if (entry) participant.subscribe(publisher, entry);
      }
    }
  }

  private handleMetadata(
    participant: Participant,
    room: Room,
    update: UpdateParticipantMetadata,
  ): void {
    const respond = (reason: RequestResponse_Reason, message = '') =>
      this.send({
        case: 'requestResponse',
        value: new RequestResponse({
          requestId: update.requestId,
          reason,
          message,
          request: { case: 'updateMetadata', value: update },
        }),
      });
    if (!participant.permission.canUpdateMetadata) {
      respond(
        RequestResponse_Reason.NOT_ALLOWED,
        'does not have permission to update own metadata',
      );
      return;
    }
    if (update.name) participant.name = update.name;
    if (update.metadata) participant.metadata = update.metadata;
    for (const [key, value] of Object.entries(update.attributes)) {
      if (value === '') delete participant.attributes[key];
      else participant.attributes[key] = value;
    }
    room.changed(participant);
    respond(RequestResponse_Reason.OK);
  }

  private sendLeave(reason: DisconnectReason, action: LeaveRequest_Action): void {
    this.send({
      case: 'leave',
      value: new LeaveRequest({
        reason,
        action,
        canReconnect: action !== LeaveRequest_Action.DISCONNECT,
      }),
    });
  }

  private onClose(): void {
    this.ended = true;
    for (const timer of this.timers) clearInterval(timer);
    // A no-op when the participant already left or was replaced (its session is another one).
    if (this.participant) this.ctx.manager.signalClosed(this.participant, this);
  }
}
