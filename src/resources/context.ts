import type { CloudClient } from '../cloud/client';
import type { ElasticsearchClient } from '../elasticsearch/client';
import type { Logger } from '../log';
import type { SecretBox } from '../secrets/secret-box';

/**
 * What a resource's CRUD may use. Front ends build one per resource call from provider configuration
 * (Terraform provider block / Pulumi stack config / environment), via `createEngineContext` in
 * `src/connections/`.
 */
export interface EngineContext {
  /** The Elasticsearch cluster this resource targets. Throws a configuration error naming what is missing. */
  elasticsearch(): ElasticsearchClient;
  /** The Elastic Cloud (ECH) or ECE API. Throws a configuration error naming what is missing. */
  cloud(): CloudClient;
  /** Seals secrets (encoded keys) so that state never holds them in plain text. */
  secrets: SecretBox;
  log: Logger;
  /** Injected so waits and retry pauses are fast in tests. */
  sleep(ms: number): Promise<void>;
}
