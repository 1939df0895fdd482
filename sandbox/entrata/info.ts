import type { SandboxProfile } from './profile.ts';
import { EVENT_RESULTS, EVENT_TYPES, LEAD_SOURCES, LEAD_STATUSES, LEASE_STATUS } from './dataset/catalog.ts';
import type { Dataset, DatasetCounts, DatasetSize } from './dataset/model.ts';
import { DEFAULT_PER_PAGE } from './pagination.ts';
import { formatMtDateTime, MOUNTAIN } from './time.ts';

export interface SandboxInfo {
  /** Root URL; a connector's `base_url`. */
  url: string;
  /** `url + '/api/v1'`: POST `{basicBaseUrl}/{service}` with HTTP Basic. */
  basicBaseUrl: string;
  /** `url + '/ext/orgs/' + subdomain + '/v1'`: POST `{apiKeyBaseUrl}/{service}` with `X-Api-Key`. */
  apiKeyBaseUrl: string;
  /** `url + '/api'`: the older path without `v1`, HTTP Basic. */
  legacyBaseUrl: string;
  companyName: string;
  subdomain: string;
  username: string;
  password: string;
  apiKey: string;
  seed: number;
  size: DatasetSize;
  /** What answers carry (profile.ts). */
  profile: SandboxProfile;
  timeZone: typeof MOUNTAIN;
  /** The seeded history ends here (fixed, so data does not depend on when it is generated). */
  anchor: { utc: string; mountain: string };
  defaultPerPage: number;
  propertyIds: number[];
  properties: { id: number; name: string; city: string; state: string; timeZone: string }[];
  counts: DatasetCounts & { leadSources: number; eventTypes: number; eventResults: number; leadStatuses: number };
  /** Handy ids of each kind, stable for a seed. */
  examples: {
    leadApplicationId: number;
    applicantApplicationId: number;
    residentApplicationId: number;
    residentCustomerId: number;
    residentLeaseId: number;
    /** The application whose seeded events sit on both sides of the 2025 DST transitions. */
    dstApplicationId: number;
    propertyId: number;
  };
}

function examples(ds: Dataset): SandboxInfo['examples'] {
  const firstProperty = ds.properties[0]?.id ?? 0;
  const inFirst = ds.prospectsByProperty.get(firstProperty) ?? [];
  const lead = inFirst.find((p, i) => i > 0 && ds.stageOf(p) === 'lead');
  const applicant = inFirst.find((p) => ds.stageOf(p) === 'applicant');
  const resident = inFirst.find((p) => p.leaseId !== null && ds.leaseById.get(p.leaseId)?.leaseStatusTypeId === LEASE_STATUS.current);
  return {
    leadApplicationId: lead?.applicationId ?? 0,
    applicantApplicationId: applicant?.applicationId ?? 0,
    residentApplicationId: resident?.applicationId ?? 0,
    residentCustomerId: resident?.customer.customerId ?? 0,
    residentLeaseId: resident?.leaseId ?? 0,
    dstApplicationId: ds.prospects[0]?.applicationId ?? 0,
    propertyId: firstProperty,
  };
}

export function buildInfo(ds: Dataset, url: string, profile: SandboxProfile): SandboxInfo {
  const c = ds.company;
  return {
    url,
    basicBaseUrl: `${url}/api/v1`,
    apiKeyBaseUrl: `${url}/ext/orgs/${c.subdomain}/v1`,
    legacyBaseUrl: `${url}/api`,
    companyName: c.name,
    subdomain: c.subdomain,
    username: c.username,
    password: c.password,
    apiKey: c.apiKey,
    seed: ds.seed,
    size: ds.size,
    profile,
    timeZone: MOUNTAIN,
    anchor: { utc: new Date(ds.anchorMs).toISOString(), mountain: formatMtDateTime(ds.anchorMs) },
    defaultPerPage: DEFAULT_PER_PAGE,
    propertyIds: ds.properties.map((p) => p.id),
    properties: ds.properties.map((p) => ({ id: p.id, name: p.name, city: p.city, state: p.state, timeZone: p.timeZone })),
    counts: {
      ...ds.counts(),
      leadSources: LEAD_SOURCES.length,
      eventTypes: EVENT_TYPES.length,
      eventResults: EVENT_RESULTS.length,
      leadStatuses: LEAD_STATUSES.length,
    },
    examples: examples(ds),
  };
}

export function banner(info: SandboxInfo, generatedMs: number): string {
  const counts = Object.entries(info.counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `Entrata sandbox listening on ${info.url}  (seed ${info.seed}, size ${info.size}, generated in ${Math.round(generatedMs)} ms)`,
    `  Basic gateway:   POST ${info.basicBaseUrl}/{service}   user ${info.username}  password ${info.password}`,
    `  API-key gateway: POST ${info.apiKeyBaseUrl}/{service}   X-Api-Key: ${info.apiKey}`,
    `  Inspection:      ${info.url}/__sandbox/info`,
    `  Properties:      ${info.properties.map((p) => `${p.id} (${p.state})`).join(', ')}`,
    `  Records:         ${counts}`,
  ].join('\n');
}
