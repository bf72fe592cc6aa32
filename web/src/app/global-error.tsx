'use client';

/** The last resort when even the layout failed: plain HTML, no site chrome. */
export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '3rem', textAlign: 'center' }}>
        <h1>Something went wrong</h1>
        <p>Ticketing could not show this page. Please try again in a moment.</p>
        <button type="button" onClick={reset} style={{ padding: '0.5rem 1rem', marginTop: '1rem' }}>
          Try again
        </button>
      </body>
    </html>
  );
}
