/**
 * What Elasticsearch's RestController and BaseRestHandler do around every handler: media types
 * (Content-Type 406, compatible-with versions), unrecognized query parameters, and the response
 * parameters every API takes (filter_path, pretty, error_trace, human).
 */
import { isTimeValue } from './cluster-settings';
import { EsHttpError, badRequest } from './es-errors';
import { wildcardRegex } from './es-json';

/** Query parameters every REST handler accepts (BaseRestHandler's response params and RestRequest's). */
export const GLOBAL_PARAMETERS = ['pretty', 'human', 'error_trace', 'filter_path'] as const;

export interface MediaType {
  /** The compatible-with major version, when the vendor media type asked for one. */
  compatibleWith?: number;
}

const VENDOR_JSON = 'application/vnd.elasticsearch+json';

/**
 * Reads a Content-Type or Accept value; undefined for a media type Elasticsearch cannot parse as JSON
 * (the emulator reads JSON bodies only). A compatible-with outside [major-1, major] is a 400.
 */
export function parseMediaType(value: string, header: 'Content-Type' | 'Accept', major: number): MediaType | undefined {
  const [essence, ...parameters] = value.split(';').map((part) => part.trim());
  const type = essence.toLowerCase();
  if (type === 'application/json') return {};
  if (type !== VENDOR_JSON) return undefined;
  const version = parameters.map((p) => /^compatible-with=(\d+)$/i.exec(p)?.[1]).find((v) => v !== undefined);
  if (version === undefined) return {};
  const requested = Number(version);
  if (requested !== major && requested !== major - 1) {
    throw new EsHttpError(400, 'media_type_header_exception', `Invalid media-type value on headers [${header}]`, {
      caused_by: {
        type: 'status_exception',
        reason: `${header} version must be either version ${major - 1} or ${major}, but found ${requested}. ${header}=${value}`,
      },
    });
  }
  return { compatibleWith: requested };
}

/** RestController's 406 answers have a plain-string `error`. */
export function unsupportedContentType(values: string | undefined): { status: number; body: { error: string; status: number } } {
  const error = values === undefined ? 'Content-Type header is missing' : `Content-Type header [${values}] is not supported`;
  return { status: 406, body: { error, status: 406 } };
}

/** Lucene's LevenshteinDistance similarity, which BaseRestHandler uses for its suggestions. */
function similarity(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return 1 - previous[b.length] / Math.max(a.length, b.length);
}

/** BaseRestHandler.unrecognized: one illegal_argument_exception naming every unknown parameter. */
export function checkParameters(uri: string, query: URLSearchParams, accepted: readonly string[]): void {
  const known = new Set<string>([...accepted, ...GLOBAL_PARAMETERS]);
  const unknown = [...new Set(query.keys())].filter((name) => !known.has(name)).sort();
  if (unknown.length === 0) return;
  const described = unknown.map((name) => {
    const suggestions = [...known]
      .map((candidate) => ({ candidate, score: similarity(name, candidate) }))
      .filter((s) => s.score > 0.5)
      .sort((x, y) => y.score - x.score || x.candidate.localeCompare(y.candidate))
      .map((s) => s.candidate);
    if (suggestions.length === 0) return `[${name}]`;
    return suggestions.length === 1 ? `[${name}] -> did you mean [${suggestions[0]}]?` : `[${name}] -> did you mean any of [${suggestions.join(', ')}]?`;
  });
  throw badRequest(`request [${uri}] contains unrecognized parameter${unknown.length > 1 ? 's' : ''}: ${described.join(', ')}`);
}

/** Time-valued parameters every operation that has them reads with RestRequest.paramAsTime. */
const TIME_PARAMETERS = ['timeout', 'master_timeout'];

export function checkTimeParameters(query: URLSearchParams): void {
  for (const name of TIME_PARAMETERS) {
    const value = query.get(name);
    if (value !== null && !isTimeValue(value)) {
      throw badRequest(`failed to parse setting [${name}] with value [${value}] as a time value: unit is missing or unrecognized`);
    }
  }
}

/** Boolean query parameters as RestRequest.paramAsBoolean reads them: "" and "true" are true. */
export function booleanParameter(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === 'false') return false;
  if (value === '' || value === 'true') return true;
  throw badRequest(`Failed to parse value [${value}] as only [true] or [false] are allowed.`);
}

type FilterPattern = { include: boolean; segments: string[] };

/** Whether a dotted path matches a pattern's segments (`*` within a segment, `**` any depth). */
function matches(path: string[], segments: string[]): boolean {
  if (segments.length === 0) return path.length === 0;
  const [head, ...rest] = segments;
  if (head === '**') return rest.length === 0 || path.some((_, i) => matches(path.slice(i), rest));
  return path.length > 0 && wildcardRegex(head).test(path[0]) && matches(path.slice(1), rest);
}

/** Whether a path is a prefix of something the pattern may match (so its subtree must be visited). */
function mayMatchBelow(path: string[], segments: string[]): boolean {
  if (path.length === 0) return true;
  if (segments.length === 0) return false;
  const [head, ...rest] = segments;
  if (head === '**') return true;
  return wildcardRegex(head).test(path[0]) && mayMatchBelow(path.slice(1), rest);
}

/**
 * filter_path (FilterPath / XContent filtering): comma-separated dotted patterns, `-` excludes.
 * An object is kept where an inclusion matches it or something below it; arrays are transparent.
 */
export function filterResponse(body: unknown, filterPath: string): unknown {
  const patterns: FilterPattern[] = filterPath
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => (p.startsWith('-') ? { include: false, segments: p.slice(1).split('.') } : { include: true, segments: p.split('.') }));
  const includes = patterns.filter((p) => p.include);
  const excludes = patterns.filter((p) => !p.include);
  const visit = (node: unknown, path: string[], included: boolean): unknown => {
    if (Array.isArray(node)) {
      const items = node.map((item) => visit(item, path, included)).filter((item) => item !== undefined);
      return items.length > 0 || included ? items : undefined;
    }
    if (node === null || typeof node !== 'object') return included ? node : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const childPath = [...path, key];
      if (excludes.some((p) => matches(childPath, p.segments))) continue;
      const childIncluded = included || includes.length === 0 || includes.some((p) => matches(childPath, p.segments));
      if (!childIncluded && !includes.some((p) => mayMatchBelow(childPath, p.segments))) continue;
      const kept = visit(value, childPath, childIncluded);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 || included ? out : undefined;
  };
  return visit(body, [], includes.length === 0) ?? {};
}

/** Jackson's default pretty printer, as `?pretty` answers: objects indented by two, arrays inline, ` : ` after names. */
export function prettyJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '[ ]' : `[ ${value.map((item) => prettyJson(item, indent)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{ }';
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)} : ${prettyJson(item, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
