'use client';

export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="card mx-auto max-w-xl p-8 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">This page could not be shown. Please try again.</p>
      <p className="mt-4">
        <button type="button" className="btn-primary" onClick={reset}>
          Try again
        </button>
      </p>
    </div>
  );
}
