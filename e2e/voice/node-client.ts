import {
  AddTrackRequest,
  DataPacket,
  DataPacket_Kind,
  DisconnectReason,
  LeaveRequest,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  TrackSource,
  TrackType,
  UserPacket,
  type JoinResponse,
  type TrackInfo,
} from '@livekit/protocol';
import {
  MediaStream,
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  useAudioLevelIndication,
  useNACK,
  usePLI,
  useSdesMid,
  type RTCDataChannel,
  type RTCRtpTransceiver,
} from 'werift';
import { WebSocket } from 'ws';

/**
 * A LiveKit v0 client in Node built on werift, for tests and benchmarks: it joins, answers the
 * SFU's subscriber offers, counts what it receives and publishes synthetic opus/VP8 RTP.
 */
export class NodeClient {
  joined!: JoinResponse;
  readonly events: SignalResponse['message'][] = [];
  /** Received RTP per remote track sid. */
  readonly received = new Map<string, { packets: number; bytes: number }>();
  /** Data packets received from others. */
  readonly data: DataPacket[] = [];
  private readonly ws: WebSocket;
  private subscriber: RTCPeerConnection | undefined;
  private publisher: RTCPeerConnection | undefined;
  private publisherData: RTCDataChannel | undefined;
  private offerId = 0;
  private answerWaiters = new Map<number, (sdp: string) => void>();
  private trackWaiters = new Map<string, (info: TrackInfo) => void>();
  private subscriberQueue: Promise<void> = Promise.resolve();

  private constructor(ws: WebSocket) {
    this.ws = ws;
  }

  /** Connects and waits for the join response. */
  static async join(livekitUrl: string, token: string, autoSubscribe = true): Promise<NodeClient> {
    const ws = new WebSocket(
      `${livekitUrl}/rtc?access_token=${token}&auto_subscribe=${autoSubscribe ? 1 : 0}&protocol=16`,
    );
    const client = new NodeClient(ws);
    const joined = new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const message = SignalResponse.fromBinary(new Uint8Array(data)).message;
        if (message.case === 'join') {
          client.joined = message.value;
          resolve();
        }
        client.handle(message);
      });
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    await joined;
    return client;
  }

  get sid(): string {
    return this.joined.participant?.sid ?? '';
  }

  /** Publishes a synthetic track; returns a function that sends one RTP packet. */
  async publish(
    kind: 'audio' | 'video',
    source: TrackSource,
  ): Promise<{ info: TrackInfo; send(packet: SyntheticPacket): void }> {
    const pc = this.ensurePublisher();
    const track = new MediaStreamTrack({ kind });
    const transceiver = pc.addTransceiver(track, {
      direction: 'sendonly',
      streams: [new MediaStream({ id: `stream-${kind}` })],
    });
    const cid = transceiver.sender.trackId;
    const info = new Promise<TrackInfo>((resolve) => this.trackWaiters.set(cid, resolve));
    this.signal({
      case: 'addTrack',
      value: new AddTrackRequest({
        cid,
        name: `${kind}-synthetic`,
        type: kind === 'audio' ? TrackType.AUDIO : TrackType.VIDEO,
        source,
        width: kind === 'video' ? 640 : 0,
        height: kind === 'video' ? 360 : 0,
      }),
    });
    const published = await info;
    await this.negotiatePublisher();
    const levelId = extmapId(
      pc.remoteDescription?.sdp ?? '',
      'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    );
    return {
      info: published,
      send: (packet) => this.sendPacket(transceiver, track, packet, levelId),
    };
  }

  /** Sends a user data packet on the publisher's reliable channel. */
  sendData(payload: Uint8Array, topic = 'test'): void {
    const packet = new DataPacket({
      kind: DataPacket_Kind.RELIABLE,
      value: { case: 'user', value: new UserPacket({ payload, topic }) },
    });
    this.publisherData?.send(Buffer.from(packet.toBinary()));
  }

  /** Total RTP packets received. */
  get packetsReceived(): number {
    let total = 0;
    for (const entry of this.received.values()) total += entry.packets;
    return total;
  }

  /** Leaves (like a browser tab that hangs up) and closes both connections. */
  async close(): Promise<void> {
    if (this.ws.readyState === this.ws.OPEN) {
      this.signal({
        case: 'leave',
        value: new LeaveRequest({ reason: DisconnectReason.CLIENT_INITIATED }),
      });
    }
    this.ws.close();
    await this.subscriberQueue;
    await Promise.all([this.subscriber?.close(), this.publisher?.close()]);
  }

  private handle(message: SignalResponse['message']): void {
    this.events.push(message);
    switch (message.case) {
      case 'offer': {
        const offer = message.value;
        this.subscriberQueue = this.subscriberQueue
          .then(() => this.answerSubscriber(offer))
          .catch(() => undefined);
        return;
      }
      case 'answer':
        this.answerWaiters.get(message.value.id)?.(message.value.sdp);
        return;
      case 'trackPublished':
        if (message.value.track) this.trackWaiters.get(message.value.cid)?.(message.value.track);
        return;
      default:
        return;
    }
  }

  private async answerSubscriber(offer: SessionDescription): Promise<void> {
    if (!this.subscriber) {
      const pc = new RTCPeerConnection(clientConfig());
      const counted = new WeakSet<MediaStreamTrack>();
      pc.onTrack.subscribe((track) => {
        // werift reports a receiving track again on every renegotiation.
        if (counted.has(track)) return;
        counted.add(track);
        const transceiver = pc.getTransceivers().find((t) => t.receiver.tracks.includes(track));
        const sid = transceiver?.receiver.remoteTrackId ?? track.id ?? '';
        track.onReceiveRtp.subscribe((rtp) => {
          const entry = this.received.get(sid) ?? { packets: 0, bytes: 0 };
          entry.packets++;
          entry.bytes += rtp.payload.length;
          this.received.set(sid, entry);
        });
      });
      pc.onDataChannel.subscribe((channel) => {
        channel.onMessage.subscribe((raw) => {
          const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
          this.data.push(DataPacket.fromBinary(new Uint8Array(bytes)));
        });
      });
      this.subscriber = pc;
    }
    const pc = this.subscriber;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    this.signal({
      case: 'answer',
      value: new SessionDescription({
        type: 'answer',
        sdp: pc.localDescription?.sdp ?? '',
        id: offer.id,
      }),
    });
  }

  private ensurePublisher(): RTCPeerConnection {
    if (!this.publisher) {
      this.publisher = new RTCPeerConnection(clientConfig());
      this.publisherData = this.publisher.createDataChannel('_reliable', { ordered: true });
    }
    return this.publisher;
  }

  private async negotiatePublisher(): Promise<void> {
    const pc = this.ensurePublisher();
    await pc.setLocalDescription(await pc.createOffer());
    const id = ++this.offerId;
    const answer = new Promise<string>((resolve) => this.answerWaiters.set(id, resolve));
    this.signal({
      case: 'offer',
      value: new SessionDescription({ type: 'offer', sdp: pc.localDescription?.sdp ?? '', id }),
    });
    await pc.setRemoteDescription({ type: 'answer', sdp: await answer });
  }

  private sendPacket(
    transceiver: RTCRtpTransceiver,
    track: MediaStreamTrack,
    packet: SyntheticPacket,
    levelId: number,
  ): void {
    if (transceiver.sender.dtlsTransport?.state !== 'connected') return;
    const extensions =
      packet.audioLevel !== undefined && levelId > 0
        ? [{ id: levelId, payload: Buffer.from([packet.audioLevel & 0x7f]) }]
        : [];
    const header = new RtpHeader({
      payloadType: 0,
      sequenceNumber: packet.sequenceNumber,
      timestamp: packet.timestamp,
      marker: packet.marker ?? false,
      extensions,
    });
    track.writeRtp(new RtpPacket(header, packet.payload));
  }

  /** Sends any signal request (subscription, trackSetting, mute, …). */
  signal(message: SignalRequest['message']): void {
    this.ws.send(new SignalRequest({ message }).toBinary());
  }
}

/** One synthetic RTP packet to publish. */
export interface SyntheticPacket {
  sequenceNumber: number;
  timestamp: number;
  payload: Buffer;
  marker?: boolean;
  /** RFC 6464 level (0 loud .. 127 silent) for audio. */
  audioLevel?: number;
}

/** A VP8 payload: descriptor with a 15-bit picture id, then a (fake) frame header. */
export function vp8Payload(
  pictureId: number,
  keyframe: boolean,
  start: boolean,
  size: number,
): Buffer {
  const buf = Buffer.alloc(Math.max(size, 8), 0x5a);
  buf[0] = 0x80 | (start ? 0x10 : 0);
  buf[1] = 0x80;
  buf[2] = 0x80 | ((pictureId >> 8) & 0x7f);
  buf[3] = pictureId & 0xff;
  buf[4] = keyframe ? 0x00 : 0x01;
  return buf;
}

function clientConfig() {
  return {
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceServers: [],
    bundlePolicy: 'max-bundle' as const,
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90000,
          rtcpFeedback: [useNACK(), usePLI()],
        }),
      ],
    },
    headerExtensions: { audio: [useSdesMid(), useAudioLevelIndication()], video: [useSdesMid()] },
  };
}

function extmapId(sdp: string, uri: string): number {
  const match = new RegExp(
    `^a=extmap:(\\d+) ${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
    'm',
  ).exec(sdp);
  return match ? Number(match[1]) : -1;
}
