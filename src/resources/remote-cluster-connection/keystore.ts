/**
 * The keystore of a self-managed cluster cannot be written through an API, and Elasticsearch never
 * returns a secure setting's value. What a reload's answer does tell (9.x) is, per node, the names its
 * keystore holds and when the keystore file last changed. From that the tool confirms an operator's step:
 * every node holds the setting and, for a rotation, every node's keystore changed since the previous key
 * was confirmed. It cannot tell which key the file holds; the connection coming up with it is the rest.
 * Pure, so each rule is proven by a unit test.
 */
import type { ReloadSecureSettingsResponse } from '../../elasticsearch/client';
import { resourceType } from './diff';
import { credentialsSetting } from './settings';

export interface KeystoreCheck {
  /** Why the step is not confirmed, per node; empty when it is (as far as the nodes tell). */
  problems: string[];
  /** False when a node's answer lacks the keystore details (before 9.x): names or modification time. */
  detailed: boolean;
  /** The latest keystore modification time over the nodes, recorded to judge the next rotation. */
  lastModified?: string;
}

/**
 * Checks the nodes' keystores for this alias's credentials. `since`: when the previous key was
 * confirmed (a rotation needs every node's keystore changed after it); undefined for a first key.
 */
export function checkSelfManagedKeystore(alias: string, reload: ReloadSecureSettingsResponse, since: string | undefined): KeystoreCheck {
  const setting = credentialsSetting(alias);
  const problems: string[] = [];
  let detailed = true;
  let lastModified: number | undefined;
  if (reload._nodes.failed > 0) problems.push(`${reload._nodes.failed} of ${reload._nodes.total} node(s) failed to reload their secure settings`);
  for (const [id, node] of Object.entries(reload.nodes)) {
    const name = node.name || id;
    if (node.reload_exception) {
      problems.push(`node ${name}: reloading its keystore failed (${node.reload_exception.type}: ${node.reload_exception.reason ?? 'no reason given'})`);
      continue;
    }
    if (node.secure_setting_names === undefined) detailed = false;
    else if (!node.secure_setting_names.includes(setting)) problems.push(`node ${name}: its keystore has no ${setting}`);
    const modified = node.keystore_last_modified_time === undefined ? NaN : Date.parse(node.keystore_last_modified_time);
    if (!Number.isFinite(modified)) {
      if (since !== undefined) detailed = false;
      continue;
    }
    lastModified = Math.max(lastModified ?? modified, modified);
    if (since !== undefined && modified <= Date.parse(since)) {
      problems.push(`node ${name}: its keystore is unchanged since the previous key was confirmed (last modified ${node.keystore_last_modified_time})`);
    }
  }
  return { problems, detailed, ...(lastModified !== undefined ? { lastModified: new Date(lastModified).toISOString() } : {}) };
}

/** The operator's step for this alias, as the plan and the errors name it. */
export function keystoreOperatorStep(alias: string): string {
  return `on every node run \`bin/elasticsearch-keystore add ${credentialsSetting(alias)}\` with the new key's encoded value, then \`POST _nodes/reload_secure_settings\``;
}

/**
 * The new key is not (confirmed) in a self-managed keystore: it is not recorded as installed, and since
 * the apply fails, the old key's invalidation (which comes after it) does not happen either.
 */
export class KeystoreStepRequiredError extends Error {
  constructor(
    readonly alias: string,
    readonly keyId: string,
    readonly problems: string[],
  ) {
    super(
      `${resourceType} "${alias}": key ${keyId} is not confirmed in the keystore of this self-managed cluster, so it is not recorded as installed and the key before it stays valid: ${problems.join('; ')}. Operator step: ${keystoreOperatorStep(alias)}; then apply again`,
    );
    this.name = 'KeystoreStepRequiredError';
  }
}
