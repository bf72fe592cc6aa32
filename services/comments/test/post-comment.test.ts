import request from 'supertest';
import { commentOn, listedTicket, newId, post, user, useCommentsApp } from './harness';

const h = useCommentsApp();

describe('POST /api/comments', () => {
  it('when a signed-in user comments on a listing, then 201 with the comment, trimmed, not edited', async () => {
    const { id } = await listedTicket(h);
    const author = user('alice');

    const res = await post(h, author, { ticketId: id, text: '  Is the view good?\n\nThanks  ' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ticketId: id,
      eventId: null,
      authorId: author.id,
      authorName: author.email.split('@')[0],
      text: 'Is the view good?\n\nThanks',
      edited: false,
      editedAt: null,
    });
  });

  it('when nobody is signed in, then 401 and nothing is stored', async () => {
    const { id } = await listedTicket(h);

    const res = await request(h.app).post('/api/comments').send({ ticketId: id, text: 'Hello' });

    expect(res.status).toBe(401);
    expect((await request(h.app).get('/api/comments').query({ ticketId: id })).body.total).toBe(0);
  });

  it('when the listing is unknown, then 404 naming ticketId', async () => {
    const res = await post(h, user(), { ticketId: newId(), text: 'Hello' });

    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([{ message: 'No such ticket', field: 'ticketId' }]);
  });

  it('when the event is unknown, then 404 naming eventId', async () => {
    const res = await post(h, user(), { eventId: newId(), text: 'Hello' });

    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([{ message: 'No such event', field: 'eventId' }]);
  });

  it.each([
    ['no text', {}, 'text', 'text is required'],
    ['only spaces', { text: ' \n\t ' }, 'text', 'text is required'],
    ['a number', { text: 42 }, 'text', 'text must be a string'],
    [
      '2,001 characters',
      { text: 'x'.repeat(2001) },
      'text',
      'text must be at most 2000 characters',
    ],
    [
      'a control character',
      { text: 'bell\u0007' },
      'text',
      'text must not contain control characters',
    ],
    ['a NUL', { text: 'a\u0000b' }, 'text', 'text must not contain control characters'],
    ['an unknown field', { text: 'hi', html: '<b>' }, 'html', 'Unknown field: html'],
  ])(
    'when the body has %s, then 400 naming the field and nothing is stored',
    async (_, body, field, message) => {
      const { id } = await listedTicket(h);

      const res = await post(h, user(), { ticketId: id, ...body });

      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ message, field });
      expect((await request(h.app).get('/api/comments').query({ ticketId: id })).body.total).toBe(
        0,
      );
    },
  );

  it('when neither or both of ticketId and eventId are given, then 400', async () => {
    const { id } = await listedTicket(h);
    for (const body of [{ text: 'hi' }, { text: 'hi', ticketId: id, eventId: newId() }]) {
      const res = await post(h, user(), body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({
        message: 'Give either ticketId or eventId',
        field: 'ticketId',
      });
    }
  });

  it('when the text is exactly 2,000 characters counting an emoji as one, then it is accepted', async () => {
    const { id } = await listedTicket(h);
    const text = '🎫' + 'x'.repeat(1999);

    const res = await post(h, user(), { ticketId: id, text });

    expect(res.status).toBe(201);
    expect(res.body.text).toBe(text);
  });

  it('when the text holds HTML, then it is stored and returned exactly as typed', async () => {
    const { id } = await listedTicket(h);
    const text = '<script>alert("x")</script> & <b>bold</b>';

    const comment = await commentOn(h, user(), id, text);

    expect(comment.text).toBe(text);
  });

  it('when Windows line ends are sent, then they become newlines', async () => {
    const { id } = await listedTicket(h);

    const comment = await commentOn(h, user(), id, 'one\r\ntwo');

    expect(comment.text).toBe('one\ntwo');
  });
});
