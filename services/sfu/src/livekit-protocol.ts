// The LiveKit protocol messages and enums the SFU uses, loaded once through `require` from the
// package's CommonJS build. Under tsx every ES module also passes through the loader thread, which
// costs the idle process several MB more than `require` for this package and @bufbuild/protobuf
// (bench/src/idle-memory.ts). The SFU's own modules take these values from here (lint enforces
// it), so there is one copy of each class; each name is both the value and its type.
import { createRequire } from 'node:module';
import type * as Protocol from '@livekit/protocol';

const protocol = createRequire(import.meta.url)('@livekit/protocol') as typeof Protocol;

export const {
  AddTrackRequest,
  ClientConfiguration,
  Codec,
  CreateRoomRequest,
  DataPacket,
  DeleteRoomRequest,
  DeleteRoomResponse,
  DisconnectReason,
  ICEServer,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  MuteRoomTrackRequest,
  MuteRoomTrackResponse,
  MuteTrackRequest,
  ParticipantInfo,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  ParticipantPermission,
  ParticipantUpdate,
  Ping,
  Pong,
  RemoveParticipantResponse,
  RequestResponse,
  RequestResponse_Reason,
  Room,
  RoomParticipantIdentity,
  ServerInfo,
  ServerInfo_Edition,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  SimulcastCodecInfo,
  SpeakerInfo,
  SpeakersChanged,
  TrackInfo,
  TrackPublishedResponse,
  TrackSource,
  TrackType,
  TrackUnpublishedResponse,
  TrickleRequest,
  UpdateParticipantRequest,
  UpdateRoomMetadataRequest,
  VideoLayer,
  VideoQuality,
  WebhookEvent,
} = protocol;

export type AddTrackRequest = Protocol.AddTrackRequest;
export type ClientConfiguration = Protocol.ClientConfiguration;
export type Codec = Protocol.Codec;
export type CreateRoomRequest = Protocol.CreateRoomRequest;
export type DataPacket = Protocol.DataPacket;
export type DeleteRoomRequest = Protocol.DeleteRoomRequest;
export type DeleteRoomResponse = Protocol.DeleteRoomResponse;
export type DisconnectReason = Protocol.DisconnectReason;
export type ICEServer = Protocol.ICEServer;
export type JoinResponse = Protocol.JoinResponse;
export type LeaveRequest = Protocol.LeaveRequest;
export type LeaveRequest_Action = Protocol.LeaveRequest_Action;
export type ListParticipantsRequest = Protocol.ListParticipantsRequest;
export type ListParticipantsResponse = Protocol.ListParticipantsResponse;
export type ListRoomsRequest = Protocol.ListRoomsRequest;
export type ListRoomsResponse = Protocol.ListRoomsResponse;
export type MuteRoomTrackRequest = Protocol.MuteRoomTrackRequest;
export type MuteRoomTrackResponse = Protocol.MuteRoomTrackResponse;
export type MuteTrackRequest = Protocol.MuteTrackRequest;
export type ParticipantInfo = Protocol.ParticipantInfo;
export type ParticipantInfo_Kind = Protocol.ParticipantInfo_Kind;
export type ParticipantInfo_State = Protocol.ParticipantInfo_State;
export type ParticipantPermission = Protocol.ParticipantPermission;
export type ParticipantUpdate = Protocol.ParticipantUpdate;
export type Ping = Protocol.Ping;
export type Pong = Protocol.Pong;
export type RemoveParticipantResponse = Protocol.RemoveParticipantResponse;
export type RequestResponse = Protocol.RequestResponse;
export type RequestResponse_Reason = Protocol.RequestResponse_Reason;
export type Room = Protocol.Room;
export type RoomParticipantIdentity = Protocol.RoomParticipantIdentity;
export type ServerInfo = Protocol.ServerInfo;
export type ServerInfo_Edition = Protocol.ServerInfo_Edition;
export type SessionDescription = Protocol.SessionDescription;
export type SignalRequest = Protocol.SignalRequest;
export type SignalResponse = Protocol.SignalResponse;
export type SignalTarget = Protocol.SignalTarget;
export type SimulcastCodecInfo = Protocol.SimulcastCodecInfo;
export type SpeakerInfo = Protocol.SpeakerInfo;
export type SpeakersChanged = Protocol.SpeakersChanged;
export type TrackInfo = Protocol.TrackInfo;
export type TrackPublishedResponse = Protocol.TrackPublishedResponse;
export type TrackSource = Protocol.TrackSource;
export type TrackType = Protocol.TrackType;
export type TrackUnpublishedResponse = Protocol.TrackUnpublishedResponse;
export type TrickleRequest = Protocol.TrickleRequest;
export type UpdateParticipantRequest = Protocol.UpdateParticipantRequest;
export type UpdateRoomMetadataRequest = Protocol.UpdateRoomMetadataRequest;
export type VideoLayer = Protocol.VideoLayer;
export type VideoQuality = Protocol.VideoQuality;
export type WebhookEvent = Protocol.WebhookEvent;

// Messages the SFU reads but never builds: types only.
export type UpdateParticipantMetadata = Protocol.UpdateParticipantMetadata;
export type UpdateSubscription = Protocol.UpdateSubscription;
export type UpdateTrackSettings = Protocol.UpdateTrackSettings;
