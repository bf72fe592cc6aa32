'use client';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { charCount, MAX_COMMENT_CHARS } from '@/lib/comment-text';
import { formatDate } from '@/lib/format';
import type { Comment } from '@/lib/types';
import { FormAlert, Spinner } from './form-bits';

/**
 * One comment. Its text is rendered as a text node (React escapes it): never as HTML, whatever
 * it holds. Line breaks are kept with CSS.
 */
export function CommentItem({
  comment: c,
  mayEdit,
  mayDelete,
  bySeller,
  enabled,
  onChanged,
  onDeleted,
}: {
  comment: Comment;
  mayEdit: boolean;
  mayDelete: boolean;
  bySeller: boolean;
  enabled: boolean;
  onChanged: (c: Comment) => void;
  onDeleted: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(c.text);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const res = await callApi<Comment>('PUT', `/api/comments/${c.id}`, { text: draft });
    setBusy(false);
    if (!res.ok) return setErrors(errorsByField(res.errors));
    setEditing(false);
    onChanged(res.data);
  }

  async function remove() {
    setBusy(true);
    setErrors({});
    const res = await callApi('DELETE', `/api/comments/${c.id}`);
    setBusy(false);
    // Already gone (deleted elsewhere, or its listing was): it goes from here too.
    if (res.ok || res.status === 404) return onDeleted();
    setConfirming(false);
    setErrors(errorsByField(res.errors));
  }

  const editId = `edit-comment-${c.id}`;
  return (
    <li className="py-4" data-testid="comment" data-comment-id={c.id}>
      <p className="flex flex-wrap items-baseline gap-x-2 text-sm text-slate-600">
        <span className="font-semibold text-slate-900" data-testid="comment-author">
          {c.authorName}
        </span>
        {bySeller && (
          <span className="rounded bg-brand-50 px-1.5 text-xs font-semibold text-brand-700">
            Seller
          </span>
        )}
        <time dateTime={c.createdAt}>{formatDate(c.createdAt)}</time>
        {c.edited && (
          <span
            className="italic"
            data-testid="comment-edited"
            title={c.editedAt ? `Edited ${formatDate(c.editedAt)}` : undefined}
          >
            (edited)
          </span>
        )}
      </p>
      {editing ? (
        <form onSubmit={save} className="mt-2 space-y-2" noValidate>
          <label htmlFor={editId} className="sr-only">
            Edit your comment
          </label>
          <textarea
            id={editId}
            className="input min-h-24"
            value={draft}
            aria-invalid={Boolean(errors.text?.length)}
            aria-describedby={errors.text?.length ? `${editId}-error` : undefined}
            onChange={(e) => setDraft(e.target.value)}
          />
          {errors.text?.length ? (
            <p id={`${editId}-error`} className="text-sm font-medium text-red-700">
              {errors.text.join('. ')}
            </p>
          ) : null}
          <FormAlert messages={errors['']} />
          <div className="flex gap-2">
            <button
              type="submit"
              className="btn-primary"
              disabled={
                !enabled || busy || charCount(draft) === 0 || charCount(draft) > MAX_COMMENT_CHARS
              }
            >
              {busy ? <Spinner label="Saving…" /> : 'Save'}
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setEditing(false);
                setDraft(c.text);
                setErrors({});
              }}
              disabled={busy}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p
          className="mt-1 whitespace-pre-wrap break-words text-slate-900"
          data-testid="comment-text"
        >
          {c.text}
        </p>
      )}
      {!editing && (mayEdit || mayDelete) && (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <FormAlert messages={[...(errors[''] ?? []), ...(errors.text ?? [])]} />
          {mayEdit && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setDraft(c.text);
                setEditing(true);
              }}
              disabled={!enabled}
            >
              Edit
            </button>
          )}
          {mayDelete &&
            (confirming ? (
              <>
                <span>Delete this comment?</span>
                <button type="button" className="btn-danger" onClick={remove} disabled={busy}>
                  {busy ? <Spinner label="Deleting…" /> : 'Yes, delete'}
                </button>
                <button
                  type="button"
                  className="btn-secondary"
                  onClick={() => setConfirming(false)}
                  disabled={busy}
                >
                  Keep it
                </button>
              </>
            ) : (
              <button
                type="button"
                className="link text-red-700"
                onClick={() => setConfirming(true)}
                disabled={!enabled}
              >
                {mayEdit ? 'Delete' : 'Remove'}
              </button>
            ))}
        </div>
      )}
    </li>
  );
}
