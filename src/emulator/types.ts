/**
 * Public shape of the embedded emulator. Written from the API contracts only: nothing here (or
 * anywhere under src/emulator) imports the engine or the clients, so tests prove the engine against
 * an independent reading of the APIs.
 */

/**
 * Where a fault applies: an emulated cluster by name, 'cloud' (every Cloud API: ECH and each ECE
 * coordinator) or 'ece:<environment>' (one ECE coordinator).
 */
export type FaultTarget = string;

export interface FaultSpec {
  /**
   * latency: delay the request, then serve it; status: answer with `status` instead of serving;
   * drop: destroy the socket without any response; version_conflict: a concurrent writer changes the
   * deployment just before a deployment PUT, so it fails with 409 (Cloud only).
   */
  kind: 'latency' | 'status' | 'drop' | 'version_conflict';
  /** For kind=status: 429, 500, 502, 503 or 504. */
  status?: number;
  /** For kind=status 429/503: the Retry-After header value in seconds. */
  retryAfterSeconds?: number;
  /** For kind=latency. */
  latencyMs?: number;
  /** Fire with this probability (0..1) for each matching request. Default 1. */
  probability?: number;
  /** Fire for the next N matching requests only, then the rule is spent. */
  times?: number;
  /** Only requests with this HTTP method. */
  method?: string;
  /** Only requests whose path starts with this prefix (or matches, when a RegExp). */
  path?: string | RegExp;
  /** Only requests to this cluster name, 'cloud' (all Cloud APIs) or 'ece:<environment>'. */
  target?: FaultTarget;
}

export interface FaultControl {
  /** Replaces every active fault rule with `spec` (one rule or several). */
  set(spec: FaultSpec | FaultSpec[]): void;
  /** Adds one rule next to the active ones. */
  add(spec: FaultSpec): void;
  clear(): void;
  /** How many times faults fired since start (per kind). */
  fired(): Record<FaultSpec['kind'], number>;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** Cluster name for Elasticsearch requests. */
  cluster?: string;
  /** For Cloud API requests: 'cloud' (ECH) or 'ece:<environment>'. */
  service?: string;
  status: number;
  /** Set when a fault answered the request (or dropped it). */
  fault?: FaultSpec['kind'];
}

export interface EmulatedClusterOptions {
  /** Emulator-side name (key of `clusters`), also the default Elasticsearch cluster_name. */
  name: string;
  /** Elasticsearch version number. Default 9.3.0. */
  version?: string;
  /** cluster_name reported by `GET /`; defaults to `name`. */
  clusterName?: string;
  /** 32-hex Elasticsearch cluster id (the id Cloud trust allowlists use). Generated when absent. */
  clusterId?: string;
  /** Number of nodes (sniff mode connects to min(node_connections, nodes)). Default 3. */
  nodes?: number;
  /** Whether the remote cluster server (port 9443, API-key model) is enabled. Default true. */
  remoteClusterServer?: boolean;
  /** Fixed HTTP port for this cluster (default: ephemeral). */
  port?: number;
  /**
   * Node settings (elasticsearch.yml), e.g. a static `cluster.remote.<alias>.seeds`, `node.attr.<name>`
   * or `http.max_content_length` (default 100mb). Cluster settings override them, as in Elasticsearch.
   */
  nodeSettings?: Record<string, unknown>;
  /** Password of the nodes' keystore (`elasticsearch-keystore passwd`); default none (empty). */
  keystorePassword?: string;
}

export interface EmulatedClusterEndpoint {
  /** Elasticsearch HTTP base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Admin Elasticsearch API key (the `encoded` form, for `Authorization: ApiKey ...`). */
  apiKey: string;
  /** Basic-auth superuser (cross-cluster keys cannot be created with an API key, as in ES). */
  username: string;
  password: string;
  /** 32-hex Elasticsearch cluster id. */
  clusterId: string;
  /** The 22-character cluster_uuid of `GET /`. */
  clusterUuid: string;
  clusterName: string;
  version: string;
  /** Fake transport address `host:9300` (certificate model). */
  transportAddress: string;
  /** Fake remote cluster server address `host:9443` (API-key model). */
  remoteClusterServerAddress: string;
  /** Distinguished name of the node certificate the cluster signs cross-cluster requests with. */
  signingCertificateDn: string;
}

export interface ConnectivityDiagnosis {
  alias: string;
  connected: boolean;
  /** Why the alias is not connected (empty when connected), one plain sentence each. */
  reasons: string[];
  securityModel?: 'api_key' | 'certificate';
  /** Emulated cluster the address resolves to, when it does. */
  remoteCluster?: string;
}

export interface KeystoreControl {
  /** Like `elasticsearch-keystore add`: the value becomes active on the next reload. */
  set(setting: string, value: string): void;
  /** Like `elasticsearch-keystore remove`. */
  remove(setting: string): void;
  /** Setting names present in the keystore file (pending state). */
  list(): string[];
  /** Setting names active on the nodes (as of the last reload). */
  active(): string[];
}
