import type { AutumnFile } from './user';

/** An image inside an embed; `size` tells how clients should lay it out. */
export interface EmbedImage {
  url: string;
  width: number;
  height: number;
  size: 'Large' | 'Preview';
}

/** A video inside an embed. */
export interface EmbedVideo {
  url: string;
  width: number;
  height: number;
}

/** What January recognised a website as (tag `type`). */
export type EmbedSpecial =
  | { type: 'None' }
  | { type: 'GIF' }
  | {
      type: 'YouTube';
      id: string;
      creator_name: string | null;
      creator_url: string | null;
      timestamp?: string;
    }
  | { type: 'Lightspeed'; content_type: 'Channel'; id: string }
  | { type: 'Twitch'; content_type: 'Channel' | 'Video' | 'Clip'; id: string }
  | { type: 'Spotify'; content_type: string; id: string }
  | { type: 'Soundcloud' }
  | { type: 'Bandcamp'; content_type: 'Album' | 'Track'; id: string }
  | { type: 'AppleMusic'; album_id: string; track_id?: string }
  | { type: 'Streamable'; id: string };

/** Metadata of a linked website. */
export interface WebsiteEmbed {
  type: 'Website';
  url?: string;
  original_url?: string;
  special?: EmbedSpecial;
  title?: string;
  description?: string;
  image?: EmbedImage;
  video?: EmbedVideo;
  site_name?: string;
  icon_url?: string;
  colour?: string;
}

/** A text embed sent with a message (by bots and webhooks). */
export interface TextEmbed {
  type: 'Text';
  icon_url?: string;
  url?: string;
  title?: string;
  description?: string;
  media?: AutumnFile;
  colour?: string;
}

/** Stoat's `Embed`, tagged by `type` (newtype variants flattened next to the tag). */
export type Embed =
  | WebsiteEmbed
  | ({ type: 'Image' } & EmbedImage)
  | ({ type: 'Video' } & EmbedVideo)
  | TextEmbed
  | { type: 'None' };
