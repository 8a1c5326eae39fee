/**
 * The dynamic provider object Pulumi serializes into every resource's state (`__provider`). It is kept
 * thin on purpose: it carries only the resource type and where the host module lives, and loads the
 * engine inside each call. Nothing heavy or secret is captured (connection settings arrive through
 * `configure` in the provider process), and a stack written by an older package version is still
 * destroyed by the installed version, because the package is resolved by name when the call runs.
 *
 * Only type imports here: anything imported at run time and used by the methods would be serialized
 * into state along with them.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ProviderHost } from './host';

/** The host module inside the installed package, resolved from the Pulumi project directory. */
export const hostSpecifier = 'elastic-remote-clusters/dist/providers/pulumi/host';

export interface ThinProvider extends pulumi.dynamic.ResourceProvider {
  readonly resourceType: string;
  /** Absolute path of the host module when the stack was written: used only when the package name does not resolve (a checkout). */
  readonly hostPath: string;
}

export function thinProvider(resourceType: string, hostPath: string): ThinProvider {
  return {
    resourceType,
    hostPath,
    async configure(request) {
      (this as { stackConfig?: pulumi.dynamic.Config }).stackConfig = request.config;
    },
    async check(olds, news) {
      return loadHost(this.hostPath).check(call(this), olds, news);
    },
    async diff(id, olds, news) {
      return loadHost(this.hostPath).diff(call(this), id, olds, news);
    },
    async create(inputs) {
      return loadHost(this.hostPath).create(call(this), inputs);
    },
    async read(id, props) {
      return loadHost(this.hostPath).read(call(this), id, props);
    },
    async update(id, olds, news) {
      return loadHost(this.hostPath).update(call(this), id, olds, news);
    },
    async delete(id, props) {
      return loadHost(this.hostPath).destroy(call(this), id, props);
    },
  };

  function call(provider: ThinProvider): { resourceType: string; config?: pulumi.dynamic.Config } {
    return { resourceType: provider.resourceType, config: (provider as { stackConfig?: pulumi.dynamic.Config }).stackConfig };
  }

  function loadHost(fallbackPath: string): ProviderHost {
    try {
      return require(hostSpecifier) as ProviderHost;
    } catch (error) {
      const notFound = (error as { code?: string }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(hostSpecifier);
      if (!notFound) throw error;
      return require(fallbackPath) as ProviderHost;
    }
  }
}
