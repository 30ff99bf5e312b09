/** Where a custom emoji belongs, tagged by `type`. */
export type EmojiParent = { type: 'Server'; id: string } | { type: 'Detached' };

/** A custom emoji; `animated` and `nsfw` appear only when true. */
export interface Emoji {
  _id: string;
  parent: EmojiParent;
  creator_id: string;
  name: string;
  animated?: true;
  nsfw?: true;
}

/** The changed keys of an emoji in an `EmojiUpdate` event. */
export interface PartialEmoji {
  name?: string;
}
