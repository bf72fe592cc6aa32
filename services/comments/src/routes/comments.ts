import { parseInput, requireAuth, userOf } from '@ticketing/common';
import {
  CommentCountsQuery,
  CreateCommentInput,
  EditCommentInput,
  ListCommentsQuery,
} from '@ticketing/contracts';
import { Router } from 'express';
import type { CommentsDeps } from '../domain/deps';
import { countComments, listComments } from '../domain/read-comments';
import { editComment, postComment, removeComment } from '../domain/write-comments';
import { commentJson } from './comment-json';

export function commentsRouter(deps: CommentsDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const page = await listComments(parseInput(ListCommentsQuery, req.query));
    res.json({ ...page, items: page.items.map(commentJson) });
  });

  router.get('/counts', async (req, res) => {
    res.json(await countComments(parseInput(CommentCountsQuery, req.query)));
  });

  router.post('/', requireAuth, async (req, res) => {
    const input = parseInput(CreateCommentInput, req.body ?? {});
    res.status(201).json(commentJson(await postComment(deps, userOf(req), input)));
  });

  router.put('/:id', requireAuth, async (req, res) => {
    const { text } = parseInput(EditCommentInput, req.body ?? {});
    res.json(commentJson(await editComment(deps, userOf(req), String(req.params.id), text)));
  });

  router.delete('/:id', requireAuth, async (req, res) => {
    await removeComment(userOf(req), String(req.params.id));
    res.status(204).end();
  });

  return router;
}
