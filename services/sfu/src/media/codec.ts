/** Where the VP8 payload descriptor keeps the fields the forwarder rewrites (RFC 7741 §4.2). */
export interface Vp8Descriptor {
  /** True on the first packet of a key frame. */
  keyframe: boolean;
  /** Offset of the picture id (-1: none) and its width in bytes (1 or 2). */
  pictureIdOffset: number;
  pictureIdBytes: number;
  pictureId: number;
  /** Offset of TL0PICIDX (-1: none). */
  tl0Offset: number;
  tl0PicIdx: number;
}

/** Reads a VP8 payload descriptor; undefined when the payload is too short to be one. */
export function readVp8(payload: Uint8Array): Vp8Descriptor | undefined {
  if (payload.length < 1) return undefined;
  const b0 = payload[0] ?? 0;
  const extended = (b0 & 0x80) !== 0;
  const start = (b0 & 0x10) !== 0;
  const partition = b0 & 0x07;
  let offset = 1;
  let pictureIdOffset = -1;
  let pictureIdBytes = 0;
  let pictureId = 0;
  let tl0Offset = -1;
  let tl0PicIdx = 0;
  if (extended) {
    const x = payload[offset++];
    if (x === undefined) return undefined;
    if (x & 0x80) {
      const p0 = payload[offset];
      if (p0 === undefined) return undefined;
      pictureIdOffset = offset;
      if (p0 & 0x80) {
        const p1 = payload[offset + 1];
        if (p1 === undefined) return undefined;
        pictureIdBytes = 2;
        pictureId = ((p0 & 0x7f) << 8) | p1;
      } else {
        pictureIdBytes = 1;
        pictureId = p0 & 0x7f;
      }
      offset += pictureIdBytes;
    }
    if (x & 0x40) {
      tl0Offset = offset;
      tl0PicIdx = payload[offset] ?? 0;
      offset++;
    }
    if (x & 0x30) offset++;
  }
  const header = payload[offset];
  // The P bit of the VP8 frame header is 0 on key frames; it is only in the first partition's start.
  const keyframe = start && partition === 0 && header !== undefined && (header & 0x01) === 0;
  return { keyframe, pictureIdOffset, pictureIdBytes, pictureId, tl0Offset, tl0PicIdx };
}

/** Writes a picture id and TL0PICIDX into a copy of `payload` (same layout as `desc`). */
export function writeVp8(
  payload: Buffer,
  desc: Vp8Descriptor,
  pictureId: number,
  tl0PicIdx: number,
): Buffer {
  const out = Buffer.from(payload);
  if (desc.pictureIdOffset >= 0) {
    if (desc.pictureIdBytes === 2) {
      out[desc.pictureIdOffset] = 0x80 | ((pictureId >> 8) & 0x7f);
      out[desc.pictureIdOffset + 1] = pictureId & 0xff;
    } else {
      out[desc.pictureIdOffset] = pictureId & 0x7f;
    }
  }
  if (desc.tl0Offset >= 0) out[desc.tl0Offset] = tl0PicIdx & 0xff;
  return out;
}

/** True when an H.264 RTP payload (RFC 6184) starts a key frame: SPS, or the start of an IDR slice. */
export function isH264KeyframeStart(payload: Uint8Array): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const type = first & 0x1f;
  if (type === 7 || type === 5) return true;
  if (type === 24) {
    let offset = 1;
    while (offset + 2 < payload.length) {
      const size = ((payload[offset] ?? 0) << 8) | (payload[offset + 1] ?? 0);
      const nal = (payload[offset + 2] ?? 0) & 0x1f;
      if (nal === 7 || nal === 5) return true;
      offset += 2 + size;
    }
    return false;
  }
  if (type === 28) {
    const fu = payload[1] ?? 0;
    return (fu & 0x80) !== 0 && (fu & 0x1f) === 5;
  }
  return false;
}

/** True when the payload starts a key frame of `mimeType` (VP8 or H.264). */
export function isKeyframeStart(mimeType: string, payload: Uint8Array): boolean {
  const mime = mimeType.toLowerCase();
  if (mime === 'video/vp8') return readVp8(payload)?.keyframe ?? false;
  if (mime === 'video/h264') return isH264KeyframeStart(payload);
  return false;
}
