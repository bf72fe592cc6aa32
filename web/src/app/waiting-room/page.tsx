import type { Metadata } from 'next';
import { WaitingRoomStatus } from '@/components/waiting-room-status';
import { safeNext } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Waiting room' };

/** Where a buyer waits their turn during a flash sale (decision 020). */
export default async function WaitingRoomPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await searchParams).next);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">You are in the waiting room</h1>
      <p className="text-slate-700">
        Many buyers came at once. Everyone is let through in the order they arrived; keep this page
        open and it takes you back when it is your turn.
      </p>
      <WaitingRoomStatus next={next} />
    </div>
  );
}
