/**
 * Elasticsearch time values (`30d`, `90s`, `500ms`), as accepted by API key expirations and time
 * settings. Pure parsing; callers name the field in their own messages.
 */

const unitMillis: Record<string, number> = {
  nanos: 1e-6,
  micros: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const timeValuePattern = /^(\d+)(nanos|micros|ms|s|m|h|d)$/;

export const timeUnitsAccepted = 'a whole number followed by one of d, h, m, s, ms, micros, nanos (e.g. 30d, 12h, 90s)';

/** Milliseconds of a time value, or undefined when the text is not one. */
export function parseTimeValue(text: string): number | undefined {
  const match = timeValuePattern.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * unitMillis[match[2]];
}
