/** The state of one emulated Elasticsearch cluster. */
import { createHash } from 'node:crypto';
import type { ApiKeyRecord } from './api-keys';
import { newApiKey, encodeApiKey } from './api-keys';
import type { EmulatorClock } from './clock';
import type { SettingsMap } from './cluster-settings';
import { effectiveSettings, parseByteSize, parseNodeSettings } from './cluster-settings';
import { IndexStore } from './indices';
import { NativeRealm } from './security';
import { base64Id22, hex32 } from './ids';
import type { EmulatedClusterOptions, KeystoreControl } from './types';

export const TRANSPORT_PORT = 9300;
export const REMOTE_CLUSTER_SERVER_PORT = 9443;

export interface EmulatedNode {
  id: string;
  name: string;
}

const hostLabel = (name: string): string => name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'cluster';

export class EmulatedCluster {
  readonly name: string;
  readonly clusterName: string;
  readonly clusterId: string;
  readonly clusterUuid = base64Id22();
  readonly version: string;
  readonly nodes: EmulatedNode[];
  /** Fake host name of the cluster's transport and remote cluster server endpoints. */
  readonly host: string;
  remoteClusterServer: boolean;
  readonly username = 'elastic';
  readonly password = base64Id22();
  readonly adminKey: ApiKeyRecord;
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  /** elasticsearch.yml of every node, under the cluster settings. */
  readonly nodeSettings: SettingsMap;
  /** The native realm: users and roles. */
  readonly realm = new NativeRealm({ username: this.username, password: this.password });
  /** Indices and their documents. */
  readonly indices: IndexStore;
  persistent: SettingsMap = new Map();
  transient: SettingsMap = new Map();
  /** The keystore file (what `elasticsearch-keystore add` or the Cloud keystore API wrote); change it through writeKeystore. */
  readonly keystoreFile = new Map<string, string>();
  /** When the keystore file last changed (emulator clock, epoch ms), as a node reports it on reload. */
  keystoreModifiedAt: number;
  /** Secure settings the nodes loaded at the last reload (or start). */
  keystoreActive = new Map<string, string>();
  /** The keystore's password; empty when the keystore is not password-protected. */
  readonly keystorePassword: string;
  /** Clusters (by name) whose certificates this self-managed cluster trusts. */
  readonly trustedClusters = new Set<string>();
  url = '';

  constructor(
    options: EmulatedClusterOptions & { host?: string },
    private readonly clock: EmulatorClock,
  ) {
    this.keystoreModifiedAt = clock.now();
    this.indices = new IndexStore(() => clock.now());
    this.keystorePassword = options.keystorePassword ?? '';
    this.nodeSettings = parseNodeSettings(options.nodeSettings ?? {});
    this.name = options.name;
    this.clusterName = options.clusterName ?? options.name;
    this.clusterId = options.clusterId ?? hex32();
    this.version = options.version ?? '9.3.0';
    this.remoteClusterServer = options.remoteClusterServer ?? true;
    this.host = options.host ?? `${hostLabel(options.name)}.es.emulator.local`;
    this.nodes = Array.from({ length: Math.max(1, options.nodes ?? 3) }, (_, i) => ({
      id: base64Id22(),
      name: `instance-${String(i).padStart(10, '0')}`,
    }));
    this.adminKey = newApiKey({
      name: 'elastic-remote-emulator-admin',
      type: 'rest',
      creation: clock.now(),
      metadata: {},
      username: this.username,
      realm: 'reserved',
      realmType: 'reserved',
    });
    this.apiKeys.set(this.adminKey.id, this.adminKey);
  }

  get adminEncodedKey(): string {
    return encodeApiKey(this.adminKey.id, this.adminKey.secret);
  }

  get transportAddress(): string {
    return `${this.host}:${TRANSPORT_PORT}`;
  }

  get remoteClusterServerAddress(): string {
    return `${this.host}:${REMOTE_CLUSTER_SERVER_PORT}`;
  }

  /** Set for Cloud-managed clusters: the ECH organization id or ECE environment id of their certificates. */
  certificateScopeId: string | undefined;

  /** DN of the node certificate this cluster signs cross-cluster requests with (strong identity). */
  get signingCertificateDn(): string {
    // Cloud node certificates: CN=<node_id>.node.<cluster_id>.cluster.<scope_id> (seed 001).
    if (this.certificateScopeId !== undefined) return `CN=${this.nodes[0].id.toLowerCase()}.node.${this.clusterId}.cluster.${this.certificateScopeId}`;
    return `CN=${this.nodes[0].name}.${this.clusterId}, OU=elastic-remote-emulator, O=Elastic`;
  }

  /** Settings as nodes apply them: transient over persistent over elasticsearch.yml. */
  effectiveSettings(): SettingsMap {
    return effectiveSettings(this.nodeSettings, this.persistent, this.transient);
  }

  /** http.max_content_length in bytes (elasticsearch.yml; default 100mb). */
  get maxContentLength(): number {
    const configured = this.nodeSettings.get('http.max_content_length');
    return (typeof configured === 'string' ? parseByteSize(configured) : undefined) ?? 100 * 1024 * 1024;
  }

  /** node.attr.* of the node settings, as `_nodes` reports each node's attributes. */
  get nodeAttributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const [key, value] of this.nodeSettings) if (key.startsWith('node.attr.')) attributes[key.slice('node.attr.'.length)] = String(value);
    return attributes;
  }

  /** Keystore values become active only on POST _nodes/reload_secure_settings, as in ES. */
  reloadSecureSettings(): void {
    this.keystoreActive = new Map(this.keystoreFile);
  }

  /** Adds or replaces (a value) or removes (`null`) a keystore entry, as `elasticsearch-keystore` rewrites the file. */
  writeKeystore(setting: string, value: string | null): void {
    if (value === null) this.keystoreFile.delete(setting);
    else this.keystoreFile.set(setting, value);
    this.keystoreModifiedAt = this.clock.now();
  }

  /** What a node tells of its keystore file on reload (9.x): names, a SHA-256 of the contents, its modification time. */
  keystoreDetails(): { secure_setting_names: string[]; keystore_path: string; keystore_digest: string; keystore_last_modified_time: string } {
    const names = [...this.keystoreFile.keys()].sort();
    const contents = JSON.stringify(names.map((name) => [name, this.keystoreFile.get(name)]));
    return {
      secure_setting_names: names,
      keystore_path: '/usr/share/elasticsearch/config/elasticsearch.keystore',
      keystore_digest: createHash('sha256').update(contents).digest('hex'),
      keystore_last_modified_time: new Date(this.keystoreModifiedAt).toISOString(),
    };
  }

  keystoreControl(): KeystoreControl {
    return {
      set: (setting, value) => {
        if (!/^[a-z0-9_\-.]+$/i.test(setting)) throw new Error(`invalid keystore setting name [${setting}]`);
        this.writeKeystore(setting, value);
      },
      remove: (setting) => {
        if (!this.keystoreFile.has(setting)) throw new Error(`setting [${setting}] does not exist in the keystore`);
        this.writeKeystore(setting, null);
      },
      list: () => [...this.keystoreFile.keys()].sort(),
      active: () => [...this.keystoreActive.keys()].sort(),
    };
  }
}
