import type { Change, ChangeSet } from './change-set';

const scopeNames: Record<string, string> = {
  account: 'account',
  external: 'trust relationship',
  direct: 'direct trust',
};

/**
 * One change as one line, e.g. `+ allowlist entry <cluster id> under account <account id>`. Ids are
 * whole: a reviewer must see exactly which cluster is trusted.
 */
export function renderChange(change: Change): string {
  switch (change.kind) {
    case 'entry': {
      const under = change.under ? ` under ${scopeNames[change.under.kind] ?? change.under.kind} ${change.under.id}` : '';
      return `${change.op} ${change.subject} ${change.value}${under}`;
    }
    case 'secret': {
      const prints =
        change.action === 'rotated' && change.fromFingerprint
          ? `, key ${change.fromFingerprint} → ${change.toFingerprint ?? '(new key)'}`
          : change.toFingerprint
            ? `, key ${change.toFingerprint}`
            : change.fromFingerprint
              ? `, key ${change.fromFingerprint}`
              : '';
      return `${change.op} keystore secret ${change.setting} (${change.action}${prints})${change.operatorStep ? `: ${change.operatorStep}` : ''}`;
    }
    case 'field': {
      if (change.op === '+') return `+ ${change.subject} = ${change.to ?? ''}`;
      if (change.op === '-') return `- ${change.subject} (was ${change.from ?? ''})`;
      const arrow = `${change.from ?? '(unset)'} → ${change.to ?? '(unset)'}`;
      return change.op === '!' ? `! ${change.subject} ${arrow}: replaced` : `~ ${change.subject} ${arrow}`;
    }
    case 'lifecycle':
      if (change.action === 'replace') return `! ${change.reason ?? 'replaced'}: replaced`;
      return `${change.op} ${change.action}`;
  }
}

/** A change set as lines under a heading naming the resource; empty change sets say so. */
export function renderChangeSet(changeSet: ChangeSet): string {
  const heading = `${changeSet.resourceType} "${changeSet.resourceName}"`;
  if (changeSet.changes.length === 0) return `${heading}: no changes`;
  return [heading, ...changeSet.changes.map((c) => `  ${renderChange(c)}`)].join('\n');
}
