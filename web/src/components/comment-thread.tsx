'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi, callApiWhileNotFound, errorsByField } from '@/lib/client-api';
import { charCount, MAX_COMMENT_CHARS } from '@/lib/comment-text';
import type { Comment, CommentList, User } from '@/lib/types';
import { useHydrated } from '@/lib/use-hydrated';
import { CommentItem } from './comment-item';
import { Field, FormAlert, Spinner } from './form-bits';

type Target = { ticketId: string } | { eventId: string };

export function CommentThread({
  target,
  initial,
  user,
  moderatorId,
  pageSize,
}: {
  target: Target;
  initial: CommentList;
  user: User | null;
  moderatorId?: string;
  pageSize: number;
}) {
  const pathname = usePathname();
  const hydrated = useHydrated();
  const [items, setItems] = useState<Comment[]>(initial.items);
  const [total, setTotal] = useState(initial.total);
  const [page, setPage] = useState(initial.page);
  const [loading, setLoading] = useState(false);
  const [loadErrors, setLoadErrors] = useState<string[]>();

  // Comments removed or added here shift the pages; keep what is shown and skip duplicates.
  async function loadMore() {
    setLoading(true);
    setLoadErrors(undefined);
    const query = new URLSearchParams({
      ...target,
      page: String(page + 1),
      limit: String(pageSize),
    });
    const res = await callApi<CommentList>('GET', `/api/comments?${query}`);
    setLoading(false);
    if (!res.ok) return setLoadErrors(res.errors.map((e) => e.message));
    setItems((shown) => {
      const ids = new Set(shown.map((c) => c.id));
      return [...shown, ...res.data.items.filter((c) => !ids.has(c.id))];
    });
    setTotal(res.data.total);
    setPage(res.data.page);
  }

  return (
    <div className="mt-4 space-y-5">
      {user ? (
        <NewComment
          target={target}
          enabled={hydrated}
          onPosted={(c) => {
            setItems((shown) => [c, ...shown]);
            setTotal((t) => t + 1);
          }}
        />
      ) : (
        <p className="text-sm text-slate-700">
          <Link href={`/signin?next=${encodeURIComponent(pathname)}`} className="link">
            Sign in
          </Link>{' '}
          to comment.
        </p>
      )}
      {items.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="no-comments">
          No comments yet.
        </p>
      ) : (
        <ol className="divide-y divide-slate-200" aria-label="Comments, newest first">
          {items.map((c) => (
            <CommentItem
              key={c.id}
              comment={c}
              mayEdit={user?.id === c.authorId}
              mayDelete={user !== null && (user.id === c.authorId || user.id === moderatorId)}
              bySeller={moderatorId !== undefined && c.authorId === moderatorId}
              enabled={hydrated}
              onChanged={(changed) =>
                setItems((shown) => shown.map((x) => (x.id === changed.id ? changed : x)))
              }
              onDeleted={() => {
                setItems((shown) => shown.filter((x) => x.id !== c.id));
                setTotal((t) => Math.max(0, t - 1));
              }}
            />
          ))}
        </ol>
      )}
      <FormAlert messages={loadErrors} />
      {items.length < total && (
        <button
          type="button"
          className="btn-secondary"
          onClick={loadMore}
          disabled={!hydrated || loading}
        >
          {loading ? <Spinner label="Loading…" /> : `Show older comments (${total - items.length})`}
        </button>
      )}
    </div>
  );
}

function NewComment({
  target,
  enabled,
  onPosted,
}: {
  target: Target;
  enabled: boolean;
  onPosted: (c: Comment) => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const count = charCount(text);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    // Right after a listing, comments may not have heard of it yet (it follows in a moment).
    const res = await callApiWhileNotFound<Comment>('POST', '/api/comments', { ...target, text });
    setBusy(false);
    if (!res.ok) return setErrors(errorsByField(res.errors));
    setText('');
    onPosted(res.data);
  }

  const fieldErrors = errors.text;
  const otherErrors = [
    ...(errors[''] ?? []),
    ...(errors.ticketId ?? []),
    ...(errors.eventId ?? []),
  ];
  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      <FormAlert messages={otherErrors} />
      <Field
        id="new-comment"
        label="Add a comment"
        hint={`Plain text, up to ${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters (${count} used).`}
        errors={fieldErrors}
      >
        {(a11y) => (
          <textarea
            {...a11y}
            name="text"
            className="input min-h-24"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <button
        type="submit"
        className="btn-primary"
        disabled={!enabled || busy || count === 0 || count > MAX_COMMENT_CHARS}
      >
        {busy ? <Spinner label="Posting…" /> : 'Post comment'}
      </button>
    </form>
  );
}
