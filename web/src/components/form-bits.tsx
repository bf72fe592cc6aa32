import type { ReactNode } from 'react';

/** A labelled input with its hint and its errors tied to it for screen readers. */
export function Field({
  id,
  label,
  hint,
  errors,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  className?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children({
        id,
        'aria-invalid': Boolean(errors?.length),
        'aria-describedby': described || undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p
          id={`${id}-error`}
          className="mt-1 text-sm font-medium text-red-700"
          data-field-error={id}
        >
          {errors.join('. ')}
        </p>
      ) : null}
    </div>
  );
}

/** A message about the whole request (not one field), announced when it appears. */
export function FormAlert({
  messages,
  tone = 'error',
}: {
  messages?: string[];
  tone?: 'error' | 'success' | 'info';
}) {
  if (!messages?.length) return null;
  const colours =
    tone === 'error'
      ? 'border-red-300 bg-red-50 text-red-800'
      : tone === 'success'
        ? 'border-green-300 bg-green-50 text-green-800'
        : 'border-sky-300 bg-sky-50 text-sky-900';
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-md border px-4 py-3 text-sm ${colours}`}
    >
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span
        aria-hidden="true"
        className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-current border-r-transparent"
      />
      {label}
    </span>
  );
}
