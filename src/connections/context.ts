/**
 * Builds what a resource's CRUD uses (EngineContext) from connection settings. Transports are made
 * lazily, one per API, so a stack that only touches Elasticsearch never needs Cloud credentials, and
 * a missing setting is reported when (and only when) a resource needs it.
 */
import { CloudClient } from '../cloud/client';
import { ElasticsearchClient } from '../elasticsearch/client';
import { defaultSleep, HttpTransport, type ApiAuth, type TransportOptions } from '../http/transport';
import { silentLogger, type Logger } from '../log';
import type { EngineContext } from '../resources/context';
import { createSecretBox, type SecretBox } from '../secrets/secret-box';
import { ConfigurationError } from '../settings/configuration-error';
import { environmentVariables, type ConnectionSettings } from '../settings/connection-settings';
import { assertValidConnectionSettings } from '../settings/validate';

export { connectionSettingsFromEnv } from '../settings/from-env';

export interface EngineContextOptions {
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Named in configuration errors, e.g. `CrossClusterApiKey needs the Elasticsearch API, but ...`. */
  resourceType?: string;
  /** Defaults to a box sealed with `settings.secretsKey`. */
  secrets?: SecretBox;
  /**
   * Refresh reads of one object are sent once and shared by every resource until a write goes to the
   * same API (see src/http/shared-reads.ts). For a context that serves one operation: the Terraform
   * provider's process serves one plan or one apply. Off by default.
   */
  shareReads?: boolean;
}

/** An EngineContext that owns connection pools: close it when the front end is done. */
export interface ClosableEngineContext extends EngineContext {
  /** Closes every transport's keep-alive connections. */
  close(): Promise<void>;
  /** HTTP attempts sent through this context so far (all APIs). */
  readonly requestCount: number;
}

export function createEngineContext(settings: ConnectionSettings, options: EngineContextOptions = {}): ClosableEngineContext {
  assertValidConnectionSettings(settings);
  const log = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;
  const needer = options.resourceType ?? 'this resource';
  const transports: HttpTransport[] = [];
  let elasticsearch: ElasticsearchClient | undefined;
  let cloud: CloudClient | undefined;

  function transport(init: Omit<TransportOptions, 'logger' | 'sleep' | 'timeoutMs' | 'maxRetries' | 'shareReads'>): HttpTransport {
    const made = new HttpTransport({
      ...init,
      logger: log,
      sleep,
      timeoutMs: settings.requestTimeoutMs,
      maxRetries: settings.maxRetries,
      shareReads: options.shareReads,
    });
    transports.push(made);
    return made;
  }

  return {
    log,
    sleep,
    secrets: options.secrets ?? createSecretBox(settings.secretsKey),
    elasticsearch(): ElasticsearchClient {
      if (elasticsearch) return elasticsearch;
      const es = settings.elasticsearch;
      if (!es) {
        throw new ConfigurationError(
          `${needer} needs the Elasticsearch API, but no Elasticsearch endpoint is configured: set elasticsearch.endpoint or the ${environmentVariables.elasticsearchEndpoints} environment variable`,
          ['elasticsearch.endpoint'],
        );
      }
      const auth: ApiAuth | undefined = es.apiKey
        ? { kind: 'apiKey', apiKey: es.apiKey }
        : es.username !== undefined && es.password !== undefined
          ? { kind: 'basic', username: es.username, password: es.password }
          : undefined;
      elasticsearch = new ElasticsearchClient(
        transport({ service: 'elasticsearch', baseUrl: es.endpoint, auth, caCertPem: es.caCertPem, insecureSkipVerify: es.insecureSkipVerify }),
      );
      return elasticsearch;
    },
    cloud(): CloudClient {
      if (cloud) return cloud;
      const ec = settings.cloud;
      if (!ec) {
        throw new ConfigurationError(
          `${needer} needs the Elastic Cloud / ECE API, but no Cloud API key is configured: set cloud.api_key or the ${environmentVariables.cloudApiKey} environment variable (and cloud.endpoint / ${environmentVariables.cloudEndpoint} for ECE)`,
          ['cloud.apiKey'],
        );
      }
      cloud = new CloudClient(
        transport({
          service: 'cloud',
          baseUrl: ec.endpoint,
          auth: { kind: 'apiKey', apiKey: ec.apiKey },
          caCertPem: ec.caCertPem,
          insecureSkipVerify: ec.insecureSkipVerify,
        }),
      );
      return cloud;
    },
    get requestCount(): number {
      return transports.reduce((sum, t) => sum + t.requestCount, 0);
    },
    async close(): Promise<void> {
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}

/** Closes the context's connection pools (a no-op for contexts that own none). */
export async function closeEngineContext(context: EngineContext): Promise<void> {
  const closable = context as Partial<ClosableEngineContext>;
  if (typeof closable.close === 'function') await closable.close();
}
