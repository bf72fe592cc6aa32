'use client';
import { useEffect, useState } from 'react';

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** On a priority hold's page: why the order exists and how long it is held. */
export function PriorityHoldNotice({
  expiresAt,
  serverNow,
}: {
  expiresAt: string;
  serverNow: number;
}) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const skew = serverNow - Date.now();
    const timer = setInterval(() => setNow(Date.now() + skew), 500);
    return () => clearInterval(timer);
  }, [serverNow]);
  const left = new Date(expiresAt).getTime() - now;
  return (
    <div
      role="status"
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900"
      data-testid="priority-hold"
    >
      {left > 0 ? (
        <p>
          <strong>You were first on the wanted list:</strong> this ticket is held for you for{' '}
          <span className="font-mono font-semibold">{clock(left)}</span>.
        </p>
      ) : (
        <p>
          <strong>You were first on the wanted list</strong>, but the hold has lapsed; the ticket
          went to the next person.
        </p>
      )}
    </div>
  );
}
