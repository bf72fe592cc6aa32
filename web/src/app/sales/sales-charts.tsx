'use client';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SellerInsights } from '@ticketing/contracts';
import { formatMoney, toMajorUnits } from '@/lib/format';

type EventInsights = SellerInsights['events'][number];

const COLOURS = ['#1d4ed8', '#b45309', '#15803d', '#7e22ce'];
const timeLabel = (ms: number) =>
  new Date(ms).toISOString().slice(5, 16).replace('T', ' ').replace('-', '/');

/** Tickets sold over time since the first listing: a step line of the running total. */
export function SellThroughChart({
  title,
  points,
  listed,
  now,
}: {
  title: string;
  points: EventInsights['sellThrough'];
  listed: number;
  now: string;
}) {
  const data = points.map((p) => ({ t: Date.parse(p.at), sold: p.sold }));
  const last = data.at(-1);
  if (last && Date.parse(now) > last.t) data.push({ t: Date.parse(now), sold: last.sold });
  return (
    <figure data-testid="sell-through-chart" data-points={points.length}>
      <div className="h-48 w-full">
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 400, height: 192 }}
        >
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={timeLabel}
              fontSize={12}
            />
            <YAxis
              allowDecimals={false}
              domain={[0, Math.max(listed, 1)]}
              fontSize={12}
              width={32}
            />
            <Tooltip labelFormatter={(v) => `${timeLabel(Number(v))} UTC`} />
            <Line
              type="stepAfter"
              dataKey="sold"
              name="Sold"
              stroke={COLOURS[0]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        <table>
          <caption>Tickets sold over time for {title}</caption>
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Sold so far</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at} data-testid="sell-through-point">
                <td>{p.at}</td>
                <td>{p.sold}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

/** Revenue per day, one bar series per currency, in major units. */
export function RevenueChart({ days }: { days: SellerInsights['revenueByDay'] }) {
  if (days.length === 0)
    return <p className="mt-2 text-sm text-slate-700">No sales yet: revenue shows here by day.</p>;
  const currencies = [...new Set(days.map((d) => d.currency))];
  const rows = [...new Set(days.map((d) => d.day))].map((day) => {
    const row: Record<string, string | number> = { day };
    for (const d of days.filter((x) => x.day === day))
      row[d.currency] = Number(toMajorUnits(d.amount, d.currency));
    return row;
  });
  return (
    <figure data-testid="revenue-chart" data-days={rows.length}>
      <div className="mt-2 h-56 w-full">
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 600, height: 224 }}
        >
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={12} />
            <YAxis fontSize={12} width={56} />
            <Tooltip />
            {currencies.length > 1 && <Legend />}
            {currencies.map((c, i) => (
              <Bar
                key={c}
                dataKey={c}
                name={c.toUpperCase()}
                fill={COLOURS[i % COLOURS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        <table>
          <caption>Revenue by day</caption>
          <tbody>
            {days.map((d) => (
              <tr key={`${d.day}-${d.currency}`} data-testid="revenue-day">
                <td>{d.day}</td>
                <td>{formatMoney(d.amount, d.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
