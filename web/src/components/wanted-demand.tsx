import { apiGet } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import type { WantedDemand } from '@/lib/types';

/** On "My tickets": how many want the events the visitor holds tickets for, the prompt to resell. */
export async function WantedDemandPrompt() {
  const res = await apiGet<WantedDemand>('/api/wanted/demand');
  if (!res.ok || res.data.items.length === 0) return null;
  return (
    <ul className="space-y-2" data-testid="wanted-demand">
      {res.data.items.map((d) => (
        <li
          key={d.eventId}
          className="rounded-md border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-900"
        >
          <strong>
            {d.waiting === 1 ? '1 person wants' : `${d.waiting} people want`} {d.title}
          </strong>
          , up to {formatMoney(d.maxPrice, d.currency)}. Resell a ticket you hold and the first of
          them gets it at once.
        </li>
      ))}
    </ul>
  );
}
