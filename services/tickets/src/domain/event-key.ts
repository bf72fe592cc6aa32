const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Tickets with the same title, venue and start belong to one event. The key ignores case and
 * runs of spaces, so "Hamlet " and "hamlet" at the same venue and time group together.
 */
export function eventKeyOf(title: string, venue: string, startsAt: string): string {
  return `${normalise(title)}|${normalise(venue)}|${new Date(startsAt).toISOString()}`;
}
