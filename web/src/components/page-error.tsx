import Link from 'next/link';
import type { ApiErrorItem } from '@/lib/types';

/** A failed read, said plainly, with a way on. */
export function PageError({ title, errors }: { title: string; errors: ApiErrorItem[] }) {
  return (
    <div role="alert" className="card mx-auto max-w-xl p-6">
      <h1 className="text-xl font-semibold">{title}</h1>
      <ul className="mt-2 text-sm text-slate-700">
        {errors.map((e) => (
          <li key={e.message}>{e.message}</li>
        ))}
      </ul>
      <p className="mt-4 text-sm">
        <Link href="/" className="link">
          Back to all tickets
        </Link>
      </p>
    </div>
  );
}
