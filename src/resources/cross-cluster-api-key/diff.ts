/**
 * The pure diff of a CrossClusterApiKey: one change per field, per metadata key, and per index
 * name added to or removed from an access entry. Name and expiration force a replacement.
 */
import { fieldChange as field, listChanges, valueChange, type Change, type ChangeSet } from '../../plan/change-set';
import { parseTimeValue } from '../../elasticsearch/time-value';
import type { PlanningFacts } from '../definition';
import { defaultExpiryWarning, type AccessInput, type CrossClusterApiKeyInput, type CrossClusterApiKeyState, type ReplicationAccessInput, type SearchAccessInput } from './schema';

export const resourceType = 'CrossClusterApiKey';

type AccessKind = 'search' | 'replication';
type AccessEntry = SearchAccessInput | ReplicationAccessInput;

/** Key order and whitespace do not matter to Elasticsearch; this text is what two queries are compared by. */
function canonicalQuery(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Field security as canonical text for a value change. */
function fieldSecurityText(entry: IndexEntryLimits | undefined): string | undefined {
  const fs = entry?.field_security;
  if (!fs || (fs.grant === undefined && fs.except === undefined)) return undefined;
  return JSON.stringify({ ...(fs.grant ? { grant: fs.grant } : {}), ...(fs.except ? { except: fs.except } : {}) });
}

/** What limits an index entry beyond its lists: a key's access entry and a role's index grant alike. */
export interface IndexEntryLimits {
  allow_restricted_indices?: boolean;
  query?: string;
  field_security?: { grant?: string[]; except?: string[] };
}

/** allow_restricted_indices, query and field_security of an index entry at `path`, named `${subject}.<field>`. */
export function indexEntryLimitChanges(path: string[], subject: string, prior: IndexEntryLimits | undefined, desired: IndexEntryLimits | undefined): Change[] {
  const restricted = (e: IndexEntryLimits | undefined) => (e ? String(e.allow_restricted_indices ?? false) : undefined);
  const changes: Change[] = [];
  // A whole entry added or removed shows its members; its default allow_restricted_indices is not news.
  if ((prior && desired) || (desired ?? prior)?.allow_restricted_indices) {
    changes.push(...valueChange([...path, 'allow_restricted_indices'], `${subject}.allow_restricted_indices`, restricted(prior), restricted(desired)));
  }
  changes.push(...valueChange([...path, 'query'], `${subject}.query`, canonicalQuery(prior?.query), canonicalQuery(desired?.query)));
  changes.push(...valueChange([...path, 'field_security'], `${subject}.field_security`, fieldSecurityText(prior), fieldSecurityText(desired)));
  return changes;
}

function entryChanges(kind: AccessKind, index: number, prior: AccessEntry | undefined, desired: AccessEntry | undefined): Change[] {
  const path = ['access', kind, String(index)];
  const under = { kind: 'access entry', id: `${kind}[${index}]` };
  return [
    ...listChanges([...path, 'names'], 'index pattern', prior?.names ?? [], desired?.names ?? [], under),
    ...indexEntryLimitChanges(path, `access.${under.id}`, prior, desired),
  ];
}

function accessChanges(prior: AccessInput | undefined, desired: AccessInput): Change[] {
  const changes: Change[] = [];
  for (const kind of ['search', 'replication'] as const) {
    const before: AccessEntry[] = prior?.[kind] ?? [];
    const after: AccessEntry[] = desired[kind] ?? [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) changes.push(...entryChanges(kind, i, before[i], after[i]));
  }
  return changes;
}

function metadataChanges(prior: Record<string, string> | undefined, desired: Record<string, string> | undefined): Change[] {
  const keys = [...new Set([...Object.keys(prior ?? {}), ...Object.keys(desired ?? {})])].sort();
  return keys.flatMap((k) => valueChange(['metadata', k], `metadata.${k}`, prior?.[k], desired?.[k]));
}

/**
 * An imported key's state knows its absolute expiration time but not the duration it was created
 * with, so a configured duration cannot be compared and is accepted as it is.
 */
function expirationChanges(prior: CrossClusterApiKeyState, desired: CrossClusterApiKeyInput): Change[] {
  if (prior.expiration === desired.expiration) return [];
  if (prior.expiration === undefined && prior.expiration_time !== undefined && desired.expiration !== undefined) return [];
  return [field('!', ['expiration'], 'expiration', prior.expiration ?? '(never)', desired.expiration ?? '(never)')];
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * An age or a time left, in the largest unit a reader needs, rounded: `31d`, `5h`, `12m`, `40s`
 * (rounded, as the server's clock is known to the second only).
 */
export function formatDuration(ms: number): string {
  const whole = (unit: number) => Math.round(ms / unit);
  if (ms >= dayMs) return `${whole(dayMs)}d`;
  if (ms >= hourMs) return `${whole(hourMs)}h`;
  if (ms >= 60_000) return `${whole(60_000)}m`;
  return `${Math.max(0, whole(1000))}s`;
}

/** Why the key must be rotated now (its age reached rotate_after), or undefined. Judged by `now`, the cluster's clock. */
export function rotationDue(prior: CrossClusterApiKeyState, desired: CrossClusterApiKeyInput, now: Date): string | undefined {
  const rotateAfterMs = desired.rotate_after === undefined ? undefined : parseTimeValue(desired.rotate_after);
  const created = prior.creation_time === undefined ? NaN : Date.parse(prior.creation_time);
  if (rotateAfterMs === undefined || !Number.isFinite(created)) return undefined;
  const age = now.getTime() - created;
  return age >= rotateAfterMs ? `rotation due: created ${formatDuration(age)} ago, rotate_after ${desired.rotate_after}` : undefined;
}

/**
 * A warning when the key expires within the warning window (and no rotation replaces it in this plan),
 * so a scheduled plan catches the expiry before connections using the key go down.
 */
export function expiryWarning(prior: CrossClusterApiKeyState | undefined, desired: CrossClusterApiKeyInput, now: Date): string | undefined {
  if (!prior?.expiration_time || rotationDue(prior, desired, now)) return undefined;
  const window = desired.expiry_warning ?? defaultExpiryWarning;
  const left = Date.parse(prior.expiration_time) - now.getTime();
  if (!(left <= (parseTimeValue(window) ?? 0))) return undefined;
  const rotate = desired.rotate_after ? `rotate_after ${desired.rotate_after} is not reached yet` : 'rotate_after is not set';
  return `${resourceType} "${prior.name}": key ${prior.id} expires in ${formatDuration(left)} (${prior.expiration_time}), within expiry_warning ${window}; ${rotate}: replace the key (create-before-destroy) before then, or connections using it go down`;
}

export function diffCrossClusterApiKey(prior: CrossClusterApiKeyState | undefined, desired: CrossClusterApiKeyInput, facts?: PlanningFacts): ChangeSet {
  const changes: Change[] = [];
  if (!prior) {
    changes.push({ kind: 'lifecycle', op: '+', path: [], action: 'create' });
    changes.push(field('+', ['name'], 'name', undefined, desired.name));
    if (desired.expiration) changes.push(field('+', ['expiration'], 'expiration', undefined, desired.expiration));
    if (desired.rotate_after) changes.push(field('+', ['rotate_after'], 'rotate_after', undefined, desired.rotate_after));
  } else {
    // Rotation replaces the key: its creation time (an output) is what changes, so that is the replacement path.
    const rotation = facts ? rotationDue(prior, desired, facts.now) : undefined;
    if (rotation) changes.push({ kind: 'lifecycle', op: '!', path: ['creation_time'], action: 'replace', reason: rotation });
    if (prior.name !== desired.name) changes.push(field('!', ['name'], 'name', prior.name, desired.name));
    changes.push(...expirationChanges(prior, desired));
    changes.push(...valueChange(['rotate_after'], 'rotate_after', prior.rotate_after, desired.rotate_after));
    changes.push(...valueChange(['expiry_warning'], 'expiry_warning', prior.expiry_warning, desired.expiry_warning));
  }
  changes.push(...accessChanges(prior?.access, desired.access));
  changes.push(...metadataChanges(prior?.metadata, desired.metadata));
  changes.push(...valueChange(['certificate_identity'], 'certificate_identity', prior?.certificate_identity, desired.certificate_identity));
  return { resourceType, resourceName: desired.name, changes };
}
