import {
  AddTrackRequest,
  LeaveRequest,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  TrackSource,
  TrackType,
  TrickleRequest,
  type JoinResponse,
  type TrackInfo,
} from '../livekit-protocol';
import { RTCPeerConnection, type RTCPeerConnectionConfig } from 'werift';
import { WebSocket } from 'ws';

// Loopback only: every candidate on 127.0.0.1.
const PEER_CONFIG: Partial<RTCPeerConnectionConfig> = {
  iceServers: [],
  iceUseIpv6: false,
  iceInterfaceAddresses: { udp4: '127.0.0.1' },
  iceAdditionalHostAddresses: ['127.0.0.1'],
};

type Pending = {
  match: (response: SignalResponse['message']) => boolean;
  resolve: (m: SignalResponse['message']) => void;
};

/**
 * A participant driven from Node for tests: LiveKit v0 signalling over a WebSocket with werift
 * peer connections on loopback, like a browser would (join, subscriber answer, publish, leave).
 */
export class ScriptedParticipant {
  private readonly pending: Pending[] = [];
  private readonly seen: SignalResponse['message'][] = [];
  private subscriber: RTCPeerConnection | undefined;
  private publisher: RTCPeerConnection | undefined;
  private offerId = 0;
  join!: JoinResponse;

  private constructor(private readonly ws: WebSocket) {}

  /** Connects to `<wsUrl>/rtc` with `token` and resolves with the join response. */
  static async connect(wsUrl: string, token: string): Promise<ScriptedParticipant> {
    const url = `${wsUrl.replace(/\/$/, '')}/rtc?access_token=${encodeURIComponent(token)}&auto_subscribe=1&protocol=16&sdk=node`;
    const ws = new WebSocket(url);
    const participant = new ScriptedParticipant(ws);
    ws.on('message', (data: Buffer) =>
      participant.onMessage(SignalResponse.fromBinary(new Uint8Array(data)).message),
    );
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      );
    });
    const join = await participant.next((m) => m.case === 'join' || m.case === 'leave');
    if (join.case !== 'join') throw new Error('the server refused the join');
    participant.join = join.value;
    return participant;
  }

  /** Resolves with the first message (already received or to come) that matches. */
  next(match: Pending['match'], timeoutMs = 10_000): Promise<SignalResponse['message']> {
    const index = this.seen.findIndex(match);
    if (index >= 0)
      return Promise.resolve(this.seen.splice(index, 1)[0] as SignalResponse['message']);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no matching signal message in time')),
        timeoutMs,
      );
      this.pending.push({
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      });
    });
  }

  /** Resolves once the subscriber connection is up (what makes a participant active). */
  connected(): Promise<void> {
    return this.until(
      () => this.subscriber?.connectionState === 'connected',
      'the subscriber connection',
    );
  }

  /** Whether the server closed the signalling connection. */
  get disconnected(): boolean {
    return this.ws.readyState === WebSocket.CLOSED || this.ws.readyState === WebSocket.CLOSING;
  }

  /** Announces a microphone and sends the publisher offer carrying it; resolves with its TrackInfo. */
  async publishMicrophone(): Promise<TrackInfo> {
    const cid = `mic-${Date.now()}`;
    this.send({
      case: 'addTrack',
      value: new AddTrackRequest({
        cid,
        name: 'microphone',
        type: TrackType.AUDIO,
        source: TrackSource.MICROPHONE,
      }),
    });
    const published = await this.next((m) => m.case === 'trackPublished' && m.value.cid === cid);
    if (published.case !== 'trackPublished' || published.value.track === undefined)
      throw new Error('not published');
    this.publisher ??= new RTCPeerConnection(PEER_CONFIG);
    this.publisher.addTransceiver('audio', { direction: 'sendonly' });
    const offer = await this.publisher.createOffer();
    await this.publisher.setLocalDescription(offer);
    const id = ++this.offerId;
    this.send({
      case: 'offer',
      value: new SessionDescription({
        type: 'offer',
        sdp: await this.gathered(this.publisher),
        id,
      }),
    });
    const answer = await this.next((m) => m.case === 'answer');
    if (answer.case !== 'answer') throw new Error('no answer');
    await this.publisher.setRemoteDescription({ type: 'answer', sdp: answer.value.sdp });
    await this.until(
      () => this.publisher?.connectionState === 'connected',
      'the publisher connection',
    );
    return published.value.track;
  }

  /** Leaves the room and closes everything. */
  async leave(): Promise<void> {
    if (!this.disconnected) this.send({ case: 'leave', value: new LeaveRequest() });
    await this.close();
  }

  /** Closes the socket and the peer connections without a leave message. */
  async close(): Promise<void> {
    if (!this.disconnected) this.ws.close();
    await Promise.all([this.subscriber?.close(), this.publisher?.close()]);
  }

  // A connection left half-way through its DTLS handshake keeps werift retransmitting after close.
  private async until(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what} did not come up`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private send(message: SignalRequest['message']): void {
    this.ws.send(new SignalRequest({ message }).toBinary());
  }

  private onMessage(message: SignalResponse['message']): void {
    if (message.case === 'offer') {
      void this.answerSubscriber(message.value);
      return;
    }
    if (message.case === 'trickle') {
      const pc =
        message.value.target === SignalTarget.SUBSCRIBER ? this.subscriber : this.publisher;
      void pc?.addIceCandidate(JSON.parse(message.value.candidateInit)).catch(() => undefined);
      return;
    }
    const waiter = this.pending.find((p) => p.match(message));
    if (waiter === undefined) {
      this.seen.push(message);
      return;
    }
    this.pending.splice(this.pending.indexOf(waiter), 1);
    waiter.resolve(message);
  }

  private async answerSubscriber(offer: SessionDescription): Promise<void> {
    this.subscriber ??= this.newSubscriber();
    await this.subscriber.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await this.subscriber.setLocalDescription(await this.subscriber.createAnswer());
    this.send({
      case: 'answer',
      value: new SessionDescription({
        type: 'answer',
        sdp: await this.gathered(this.subscriber),
        id: offer.id,
      }),
    });
  }

  private newSubscriber(): RTCPeerConnection {
    const pc = new RTCPeerConnection(PEER_CONFIG);
    pc.onIceCandidate.subscribe((candidate) => {
      if (candidate === undefined || this.disconnected) return;
      this.send({
        case: 'trickle',
        value: new TrickleRequest({
          candidateInit: JSON.stringify(candidate.toJSON()),
          target: SignalTarget.SUBSCRIBER,
        }),
      });
    });
    return pc;
  }

  // The local description once ICE gathering finished (candidates inside), or after 3 s.
  private async gathered(pc: RTCPeerConnection): Promise<string> {
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        pc.iceGatheringStateChange.subscribe((state) => {
          if (state !== 'complete') return;
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return pc.localDescription?.sdp ?? '';
  }
}
