/**
 * The engine's change set as Pulumi's detailed diff: one property diff per change a reviewer reads. An
 * allowlist entry is its own element path under its scope (`accounts[0].trustAllowlist[2]`, the full
 * id shown there), a keystore secret its input property (shown as a secret, never a value), a cluster
 * setting its field. Pure: the engine decided what changes; this only says where it is in the inputs.
 */
import type { Change, ChangeSet } from '../../src/plan/change-set';
import type { Attribute } from '../../src/resources/definition';
import { pulumiPath } from '../pulumi/attributes';

export type PropertyDiffKind = 'add' | 'delete' | 'update';

export interface PropertyDiff {
  kind: PropertyDiffKind;
  /** The change forces the resource's replacement. */
  replace: boolean;
}

type EnginePath = (string | number)[];

/** Change-set paths carry list indexes as text. */
function enginePath(path: readonly string[]): EnginePath {
  return path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function valueAt(root: unknown, path: EnginePath): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/**
 * Where an entry's value sits: in the desired input for an addition, in the prior state for a
 * removal. A removal's scope index is the desired one, so the prior scopes are searched when it differs.
 */
function entryPath(path: EnginePath, value: string, source: unknown): EnginePath | undefined {
  const list = valueAt(source, path);
  if (Array.isArray(list) && list.includes(value)) return [...path, list.indexOf(value)];
  const [listName, index, ...rest] = path;
  if (typeof index !== 'number' || rest.length === 0) return undefined;
  const scopes = valueAt(source, [listName]);
  if (!Array.isArray(scopes)) return undefined;
  const found = scopes.findIndex((scope) => {
    const entries = valueAt(scope, rest);
    return Array.isArray(entries) && entries.includes(value);
  });
  return found < 0 ? undefined : entryPath([listName, found, ...rest], value, source);
}

function located(change: Exclude<Change, { kind: 'lifecycle' }>, prior: unknown, desired: unknown): { path: EnginePath; kind: PropertyDiffKind } {
  const path = enginePath(change.path);
  switch (change.kind) {
    case 'entry': {
      const kind = change.op === '+' ? 'add' : 'delete';
      const source = change.op === '+' ? desired : prior;
      // A whole list element (a trust scope) is its own path; an entry of a list is its element.
      if (!Array.isArray(valueAt(source, path))) return { path, kind };
      const at = entryPath(path, change.value, source);
      return at ? { path: at, kind } : { path, kind: 'update' };
    }
    case 'secret':
      return { path, kind: change.action === 'removed' ? 'delete' : valueAt(prior, path) === undefined ? 'add' : 'update' };
    case 'field':
      return { path, kind: change.op === '+' ? 'add' : change.op === '-' ? 'delete' : 'update' };
  }
}

/** The top-level property a detailed-diff key is under (`accounts[0].trustAllowlist[1]` → `accounts`). */
export function topLevel(key: string): string {
  return key.split(/[.[]/, 1)[0];
}

function isInside(key: string, ancestor: string): boolean {
  return key.startsWith(`${ancestor}.`) || key.startsWith(`${ancestor}[`);
}

/**
 * One property diff per change. `replaces` are the top-level properties whose change replaces the
 * resource; a change inside an element added or removed as a whole is that element's diff.
 */
export function detailedDiffOf(attributes: Attribute[], changeSet: ChangeSet, prior: object, desired: object, replaces: readonly string[]): Record<string, PropertyDiff> {
  const diffs = new Map<string, PropertyDiffKind>();
  for (const change of changeSet.changes) {
    if (change.kind === 'lifecycle' || change.path.length === 0) continue;
    const { path, kind } = located(change, prior, desired);
    const key = pulumiPath(attributes, path);
    if (!diffs.has(key)) diffs.set(key, kind);
  }
  for (const name of replaces) if (![...diffs.keys()].some((k) => topLevel(k) === name)) diffs.set(name, 'update');
  const wholes = [...diffs].filter(([, kind]) => kind !== 'update').map(([key]) => key);
  return Object.fromEntries(
    [...diffs].filter(([key]) => !wholes.some((w) => isInside(key, w))).map(([key, kind]) => [key, { kind, replace: replaces.includes(topLevel(key)) }]),
  );
}
