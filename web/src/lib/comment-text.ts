/** The API's limit on comment text (packages/contracts comments.ts). */
export const MAX_COMMENT_CHARS = 2_000;

/** Characters as the API counts them: code points of the trimmed text, so an emoji is one. */
export const charCount = (s: string): number => [...s.trim()].length;
