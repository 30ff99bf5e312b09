/** Epoch milliseconds. Every time in a stored row uses this unit. */
export type EpochMs = number;

/** Media metadata of a stored file (Stoat's `Metadata`, tag `type`). */
export type StoredFileMetadata =
  | { type: 'File' }
  | { type: 'Text' }
  | { type: 'Audio' }
  | {
      type: 'Image';
      width: number;
      height: number;
      thumbhash?: number[] | null;
      animated?: boolean | null;
    }
  | { type: 'Video'; width: number; height: number };

/** A file embedded in another row (avatar, background, icon...): a copy of the Autumn file. */
export interface StoredFile {
  id: string;
  tag: string;
  filename: string;
  metadata: StoredFileMetadata;
  contentType: string;
  size: number;
  deleted?: boolean;
  reported?: boolean;
  messageId?: string;
  userId?: string;
  serverId?: string;
  objectId?: string;
}
