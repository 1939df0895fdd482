/** The store keeps instants as fixed-width UTC ISO strings, so they sort and compare as text on both dialects. */
export function nowInstant(): string {
  return new Date().toISOString();
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTimeWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses a client-supplied ISO 8601 date (read as UTC midnight) or date-time that carries an
 * offset or Z into the stored form. A date-time without a zone is ambiguous, so it is refused (null).
 */
export function parseIsoInstant(value: string): string | null {
  let ms: number;
  if (isoDate.test(value)) ms = Date.parse(`${value}T00:00:00Z`);
  else if (isoDateTimeWithZone.test(value)) ms = Date.parse(value);
  else return null;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
