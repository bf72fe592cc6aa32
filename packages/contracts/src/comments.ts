import { z } from 'zod';
import { ID_CHARS, Id, Instant, pageInfo, pageParams } from './shared';

export const COMMENT_MAX_CHARS = 2_000;
const MAX_IDS = 100;

const idField = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} is required`)
    .max(100, `${field} must be at most 100 characters`)
    .regex(ID_CHARS, `${field} must be an id (letters, digits, - and _)`);

// C0 controls except the newline, DEL and the C1 controls: nothing a person types in a comment.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

/**
 * Comment text: plain text, trimmed, 1 to 2,000 characters (code points, so an emoji is one).
 * Windows line ends become newlines; any other control character is refused.
 */
const commentText = z
  .string({
    error: (issue) => (issue.input === undefined ? 'text is required' : 'text must be a string'),
  })
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .refine((s) => s.length > 0, 'text is required')
      .refine(
        (s) => [...s].length <= COMMENT_MAX_CHARS,
        `text must be at most ${COMMENT_MAX_CHARS} characters`,
      )
      .refine((s) => !CONTROL.test(s), 'text must not contain control characters'),
  );

/** What a comment is about: a listing (`ticketId`) or an event (`eventId`), exactly one. */
const oneTarget = <T extends { ticketId?: string; eventId?: string }>(v: T) =>
  (v.ticketId === undefined) !== (v.eventId === undefined);
const oneTargetError = { error: 'Give either ticketId or eventId', path: ['ticketId'] };

export const CreateCommentInput = z
  .strictObject({
    ticketId: idField('ticketId').optional(),
    eventId: idField('eventId').optional(),
    text: commentText,
  })
  .refine(oneTarget, oneTargetError);
export type CreateCommentInput = z.infer<typeof CreateCommentInput>;

export const EditCommentInput = z.strictObject({ text: commentText });
export type EditCommentInput = z.infer<typeof EditCommentInput>;

export const ListCommentsQuery = z
  .object({
    ticketId: idField('ticketId').optional(),
    eventId: idField('eventId').optional(),
    ...pageParams(),
  })
  .refine(oneTarget, oneTargetError);
export type ListCommentsQuery = z.infer<typeof ListCommentsQuery>;

export const CommentCountsQuery = z
  .object({
    ticketIds: z
      .string({ error: 'ticketIds must be one comma-separated list' })
      .transform((s) => [...new Set(s.split(',').map((id) => id.trim()))])
      .pipe(
        z
          .array(
            z
              .string()
              .min(1, 'ticketIds must not hold an empty id')
              .max(100)
              .regex(ID_CHARS, 'ticketIds must hold ids (letters, digits, - and _)'),
          )
          .min(1, 'ticketIds is required')
          .max(MAX_IDS, `ticketIds must name at most ${MAX_IDS} tickets`),
      )
      .optional()
      .describe('comma-separated ticket ids'),
    eventId: idField('eventId').optional(),
  })
  .refine((v) => (v.ticketIds === undefined) !== (v.eventId === undefined), {
    error: 'Give either ticketIds or eventId',
    path: ['ticketIds'],
  });
export type CommentCountsQuery = z.infer<typeof CommentCountsQuery>;

/** A comment as every answer shows it. Its text is plain text: never render it as HTML. */
export const Comment = z.object({
  id: Id,
  ticketId: Id.nullable(),
  eventId: Id.nullable(),
  authorId: Id,
  authorName: z.string().describe("the author's public name"),
  text: z.string(),
  edited: z.boolean(),
  createdAt: Instant,
  editedAt: Instant.nullable(),
});
export type Comment = z.infer<typeof Comment>;

export const CommentList = z.object({
  items: z.array(Comment),
  ...pageInfo,
});
export type CommentList = z.infer<typeof CommentList>;

export const CommentCounts = z.object({
  /** By `eventId`: comments on the event itself. */
  event: z.number().int().nonnegative().optional(),
  /** Per listing: every id asked for (0 when none), or the event's listings that have comments. */
  tickets: z.record(z.string(), z.number().int().nonnegative()),
});
export type CommentCounts = z.infer<typeof CommentCounts>;
