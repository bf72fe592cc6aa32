/** Money and dates as people read them. Prices are integer minor units of an ISO currency. */

function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

export function formatMoney(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const amount = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}

/** "25", "25.5" or "25.50" in major units -> minor units; undefined when it is not a price. */
export function toMinorUnits(major: string, currency = 'usd'): number | undefined {
  const digits = fractionDigits(currency);
  const m = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(major);
  if (!m) return undefined;
  const frac = (m[2] ?? '').padEnd(digits, '0');
  if (frac.length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + (digits ? Number(frac) : 0);
}

export function toMajorUnits(minor: number, currency = 'usd'): string {
  const digits = fractionDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/**
 * Listings carry no venue time zone, so dates show in UTC, labelled; the same on the server and
 * in the browser, so hydration never disagrees.
 */
const dateFormat = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
  timeZone: 'UTC',
});

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export const categoryLabel = (c: string) => c.charAt(0).toUpperCase() + c.slice(1);

export const statusLabel: Record<string, string> = {
  available: 'On sale',
  reserved: 'Reserved',
  sold: 'Sold',
  created: 'Awaiting payment',
  'awaiting:payment': 'Payment in progress',
  complete: 'Paid',
  cancelled: 'Cancelled',
};
