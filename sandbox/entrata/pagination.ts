import { badRequest } from './envelope.ts';

/** Our choice where the record is silent (reference §1.8): 100 items per page by default. */
export const DEFAULT_PER_PAGE = 100;
export const MIN_PER_PAGE = 5;
export const MAX_PER_PAGE = 1000;

export interface PageRequest {
  pageNo: number;
  perPage: number;
}

function intQuery(query: Record<string, unknown>, name: string): number | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v.trim())) {
    throw badRequest(`Invalid query parameter "${name}": expected a positive integer.`);
  }
  return Number(v);
}

export function parsePage(query: Record<string, unknown>): PageRequest {
  const pageNo = intQuery(query, 'page_no') ?? 1;
  const perPage = intQuery(query, 'per_page') ?? DEFAULT_PER_PAGE;
  if (pageNo < 1) throw badRequest('Invalid query parameter "page_no": pages are numbered from 1.');
  if (perPage < MIN_PER_PAGE || perPage > MAX_PER_PAGE) {
    throw badRequest(`Invalid query parameter "per_page": must be between ${MIN_PER_PAGE} and ${MAX_PER_PAGE}, got ${perPage}.`);
  }
  return { pageNo, perPage };
}

export function pageSlice<T>(items: readonly T[], page: PageRequest): T[] {
  const start = (page.pageNo - 1) * page.perPage;
  return items.slice(start, start + page.perPage);
}

/** RFC 8288 `Link` value with first, prev, next and last relations (prev/next where they exist). */
export function linkHeader(baseUrl: string, page: PageRequest, total: number): string {
  const last = Math.max(1, Math.ceil(total / page.perPage));
  const url = (n: number): string => `<${baseUrl}?page_no=${n}&per_page=${page.perPage}>`;
  const links = [`${url(1)}; rel="first"`];
  if (page.pageNo > 1) links.push(`${url(Math.min(page.pageNo - 1, last))}; rel="prev"`);
  if (page.pageNo < last) links.push(`${url(page.pageNo + 1)}; rel="next"`);
  links.push(`${url(last)}; rel="last"`);
  return links.join(', ');
}
