'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

type Status =
  | { state: 'connecting' }
  | { state: 'waiting'; position: number; estimatedWaitSeconds: number }
  | { state: 'admitted' }
  | { state: 'none' };

function waitText(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, seconds)} s`;
  return `about ${Math.ceil(seconds / 60)} min`;
}

/** The buyer's place, live from the origin's event stream; back to `next` once admitted. */
export function WaitingRoomStatus({ next }: { next: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({ state: 'connecting' });

  useEffect(() => {
    let done = false;
    // Asking for the status once admitted is what sets the pass cookie.
    const admit = async () => {
      if (done) return;
      const res = await fetch('/api/waiting-room', { cache: 'no-store' }).catch(() => undefined);
      const body = (await res?.json().catch(() => undefined)) as { state?: string } | undefined;
      if (body?.state === 'admitted') {
        done = true;
        setStatus({ state: 'admitted' });
        router.replace(next);
      } else if (body?.state === 'none') {
        setStatus({ state: 'none' });
      }
    };
    const events = new EventSource('/api/waiting-room/events');
    events.addEventListener('waiting', (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as Status;
      setStatus(s);
    });
    events.addEventListener('admitted', () => {
      events.close();
      void admit();
    });
    events.onerror = () => {
      // Not in the room (404), or the stream broke: the status says which.
      if (events.readyState === EventSource.CLOSED) void admit();
    };
    return () => {
      done = true;
      events.close();
    };
  }, [next, router]);

  if (status.state === 'none') {
    return (
      <div className="card space-y-2 p-4" data-testid="waiting-room-status">
        <p>You are not in the waiting room any more.</p>
        <Link className="link" href={next}>
          Go back and try again
        </Link>
      </div>
    );
  }
  return (
    <div
      className="card space-y-2 p-4"
      role="status"
      aria-live="polite"
      data-testid="waiting-room-status"
    >
      {status.state === 'connecting' && <p>Finding your place…</p>}
      {status.state === 'waiting' && (
        <>
          <p className="text-lg">
            Your place in line: <strong data-testid="waiting-position">{status.position}</strong>
          </p>
          <p className="text-slate-700">
            Estimated wait:{' '}
            <span data-testid="waiting-estimate">{waitText(status.estimatedWaitSeconds)}</span>
          </p>
        </>
      )}
      {status.state === 'admitted' && <p>It is your turn: taking you back…</p>}
    </div>
  );
}
