import type { Dataset, Property } from '../dataset/model.ts';
import { EntrataError, ERROR_CODE } from '../envelope.ts';
import type { PageRequest } from '../pagination.ts';
import type { Params } from '../params.ts';
import type { SandboxProfile } from '../profile.ts';

export interface MethodContext {
  ds: Dataset;
  params: Params;
  version: string;
  /** Epoch ms from the sandbox clock (injectable in tests). */
  now: number;
  /** Parsed from `page_no`/`per_page` for paginated methods; defaults otherwise. */
  page: PageRequest;
  /** What answers carry (profile.ts). */
  profile: SandboxProfile;
}

export interface MethodResult {
  result: unknown;
  /** Set by paginated methods: the item count across all pages (→ X-Total-Count and Link). */
  total?: number;
  /** The envelope's code when not 200 (a failed updateLeads prospect in the `spec` profile). */
  code?: number;
}

export interface MethodDef {
  versions: readonly string[];
  paginated?: boolean;
  handle(ctx: MethodContext): MethodResult;
}

/** §6.6: a property outside the company's portfolio is an envelope 403, not an empty result. */
export function accessibleProperty(ds: Dataset, id: number): Property {
  const property = ds.propertyById.get(id);
  if (!property) throw new EntrataError(ERROR_CODE.forbidden, `Property ${id} is not accessible with these credentials.`);
  return property;
}
