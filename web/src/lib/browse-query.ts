import { toMinorUnits } from './format';
import { CATEGORIES, SORTS } from './types';

/**
 * The browse page's own GET parameters (what a person types: dates, amounts in the currency)
 * mapped to the tickets API's query, and back to links.
 */
const PAGE_SIZE = 12;
export type Params = Record<string, string | string[] | undefined>;

export const one = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's own GET parameters (what a person types) -> the API's query. */
export function apiQuery(p: Params): { query: URLSearchParams; problems: Record<string, string> } {
  const query = new URLSearchParams();
  const problems: Record<string, string> = {};
  const q = one(p.q);
  if (q) query.set('q', q);
  const category = one(p.category);
  if ((CATEGORIES as readonly string[]).includes(category)) query.set('category', category);
  const from = one(p.from);
  if (from) {
    if (DAY.test(from)) query.set('from', `${from}T00:00:00.000Z`);
    else problems.from = 'Enter a date like 2030-12-31';
  }
  const to = one(p.to);
  if (to) {
    if (DAY.test(to)) query.set('to', `${to}T23:59:59.999Z`);
    else problems.to = 'Enter a date like 2030-12-31';
  }
  for (const [name, param] of [
    ['min', 'minPrice'],
    ['max', 'maxPrice'],
  ] as const) {
    const v = one(p[name]);
    if (!v) continue;
    const minor = toMinorUnits(v);
    if (minor === undefined) problems[name] = 'Enter an amount like 25 or 25.50';
    else query.set(param, String(minor));
  }
  const sort = one(p.sort);
  if (SORTS.some((s) => s.value === sort)) query.set('sort', sort);
  const page = Number(one(p.page));
  if (Number.isInteger(page) && page > 1) query.set('page', String(page));
  query.set('limit', String(PAGE_SIZE));
  return { query, problems };
}

export const API_FIELD_TO_INPUT: Record<string, string> = { minPrice: 'min', maxPrice: 'max' };

export function pageHref(p: Params, page: number): string {
  const out = new URLSearchParams();
  for (const key of ['q', 'category', 'from', 'to', 'min', 'max', 'sort']) {
    const v = one(p[key]);
    if (v) out.set(key, v);
  }
  if (page > 1) out.set('page', String(page));
  const s = out.toString();
  return s ? `/tickets?${s}` : '/tickets';
}

/** The filters a person can set; a page with any of them is a search. */
export const FILTERS = ['q', 'category', 'from', 'to', 'min', 'max'] as const;
