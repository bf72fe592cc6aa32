import { statusLabel } from '@/lib/format';

const TONES: Record<string, string> = {
  available: 'bg-green-100 text-green-800',
  complete: 'bg-green-100 text-green-800',
  reserved: 'bg-amber-100 text-amber-900',
  created: 'bg-amber-100 text-amber-900',
  'awaiting:payment': 'bg-amber-100 text-amber-900',
  sold: 'bg-slate-200 text-slate-800',
  cancelled: 'bg-slate-200 text-slate-800',
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${TONES[status] ?? 'bg-slate-200 text-slate-800'}`}
      data-testid="status"
    >
      {label ?? statusLabel[status] ?? status}
    </span>
  );
}
