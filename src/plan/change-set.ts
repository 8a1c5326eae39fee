/**
 * The change-set model: what a plan shows a reviewer. One change is one line: one field, one list
 * entry (an allowlist entry under its trust scope) or one keystore secret (by setting name, never value).
 */

/** `+` add, `-` remove, `~` change in place, `!` forces replacement of the whole resource. */
export type ChangeOp = '+' | '-' | '~' | '!';

/** Where an allowlist entry lives in a deployment's trust settings. */
export interface TrustScopeRef {
  kind: 'account' | 'external' | 'direct';
  /** account id, trust relationship id, or direct trust name */
  id: string;
}

interface ChangeBase {
  op: ChangeOp;
  /** Path of the input attribute this change belongs to, in the engine's (snake_case) names. */
  path: string[];
}

/** A scalar field (or whole value) changed. `from`/`to` are display strings, already redacted. */
export interface FieldChange extends ChangeBase {
  kind: 'field';
  /** Human name of what changes, e.g. `cluster.remote.eu-logs.proxy_address`. */
  subject: string;
  from?: string;
  to?: string;
}

/** One entry of a list added or removed, e.g. an allowlist entry under a trust scope. */
export interface EntryChange extends ChangeBase {
  kind: 'entry';
  op: '+' | '-';
  /** What the entry is, e.g. `allowlist entry`, `index pattern`. */
  subject: string;
  value: string;
  under?: TrustScopeRef | { kind: string; id: string };
}

/** A keystore secret by setting name. Values never appear; a fingerprint (key id) may. */
export interface SecretChange extends ChangeBase {
  kind: 'secret';
  setting: string;
  action: 'set' | 'rotated' | 'removed';
  fromFingerprint?: string;
  toFingerprint?: string;
  /** What an operator must do because the tool cannot write this keystore (self-managed clusters). */
  operatorStep?: string;
}

/** The resource as a whole is created, deleted or replaced. */
export interface LifecycleChange extends ChangeBase {
  kind: 'lifecycle';
  action: 'create' | 'delete' | 'replace';
  /** Why a replacement is forced, e.g. `name changes`. */
  reason?: string;
}

export type Change = FieldChange | EntryChange | SecretChange | LifecycleChange;

export interface ChangeSet {
  /** e.g. `CrossClusterApiKey` */
  resourceType: string;
  /** Display name of the resource instance, e.g. the alias or key name. */
  resourceName: string;
  changes: Change[];
}

export function isEmpty(changeSet: ChangeSet): boolean {
  return changeSet.changes.length === 0;
}

/** True when applying the change set needs a delete and a create rather than an update. */
export function requiresReplacement(changeSet: ChangeSet): boolean {
  return changeSet.changes.some((c) => c.op === '!');
}

/** Attribute paths whose change forces replacement (Terraform `requires_replace`, Pulumi `replaces`). */
export function replacementPaths(changeSet: ChangeSet): string[][] {
  return changeSet.changes.filter((c) => c.op === '!' && c.path.length > 0).map((c) => c.path);
}

/** Top-level attributes touched by the change set (Pulumi `changes`/`diffs`). */
export function changedAttributes(changeSet: ChangeSet): string[] {
  return [...new Set(changeSet.changes.filter((c) => c.path.length > 0).map((c) => c.path[0]))];
}

/** One field change; `from`/`to` are left out when absent. */
export function fieldChange(op: FieldChange['op'], path: string[], subject: string, from?: string, to?: string): FieldChange {
  return { kind: 'field', op, path, subject, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** One list entry added or removed; `under` is left out when absent. */
export function entryChange(op: EntryChange['op'], path: string[], subject: string, value: string, under?: EntryChange['under']): EntryChange {
  return { kind: 'entry', op, path, subject, value, ...(under ? { under } : {}) };
}

/**
 * The members of a list one side has and the other has not: `+` for each added (in desired order), then `-`
 * for each removed (in prior order), each value once. Lists are sets here; their order is not a change.
 */
export function listChanges(path: string[], subject: string, prior: readonly string[], desired: readonly string[], under?: EntryChange['under']): EntryChange[] {
  const before = new Set(prior);
  const after = new Set(desired);
  return [
    ...[...after].filter((value) => !before.has(value)).map((value) => entryChange('+', path, subject, value, under)),
    ...[...before].filter((value) => !after.has(value)).map((value) => entryChange('-', path, subject, value, under)),
  ];
}

/** `+`, `-` or `~` for a display value that may be absent on either side; nothing when equal. */
export function valueChange(path: string[], subject: string, from: string | undefined, to: string | undefined): FieldChange[] {
  if (from === to) return [];
  if (from === undefined) return [fieldChange('+', path, subject, undefined, to)];
  if (to === undefined) return [fieldChange('-', path, subject, from)];
  return [fieldChange('~', path, subject, from, to)];
}

/**
 * The changes a front end's own attribute diff cannot show a reviewer: keystore secrets (by setting name
 * and key id, where the diff says only "sensitive"), why a replacement happens, where an entry lands in a
 * shared object (an allowlist entry under its trust scope), and, on an update, list entries one by one
 * (a native list diff is positional). Plain field values and the entries of a new resource are already in
 * the native diff.
 */
const trustScopeKinds: ReadonlySet<string> = new Set<TrustScopeRef['kind']>(['account', 'external', 'direct']);

function isTrustScope(under: EntryChange['under']): boolean {
  return under !== undefined && trustScopeKinds.has(under.kind);
}

export function reviewerNotes(changeSet: ChangeSet): ChangeSet {
  const creating = changeSet.changes.some((c) => c.kind === 'lifecycle' && c.action === 'create');
  const note = (change: Change): boolean => {
    switch (change.kind) {
      case 'secret':
        return true;
      case 'lifecycle':
        return change.action === 'replace';
      case 'entry':
        return isTrustScope(change.under) || !creating;
      case 'field':
        return change.op === '!';
    }
  };
  return { ...changeSet, changes: changeSet.changes.filter(note) };
}
