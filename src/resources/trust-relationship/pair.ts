/**
 * Trust between two ECE environments is bi-directional: each platform trusts the other. These helpers
 * declare both relationships from each environment's own trust parameters (its `local` relationship:
 * installation id, CA certificate, account ids), so nobody copies ids and certificates by hand.
 */
import type { CloudClient } from '../../cloud/client';
import type { LocalTrustParameters } from '../../cloud/types';
import type { TrustRelationshipInput } from './schema';

export interface TrustEnvironment {
  /** How the other environment names this one in its trust settings. */
  name: string;
  /** This environment's own trust parameters (`CloudClient.getLocalTrustParameters`). */
  parameters: LocalTrustParameters;
  /** Region of this environment's platform API, when not the coordinator's default. */
  region?: string;
  /** Whether this environment's deployments trust the other environment by default. Default false. */
  trust_by_default?: boolean;
}

export interface TrustPair {
  /** The relationship to create in environment A, trusting B. */
  inA: TrustRelationshipInput;
  /** The relationship to create in environment B, trusting A. */
  inB: TrustRelationshipInput;
}

function trusting(self: TrustEnvironment, other: TrustEnvironment): TrustRelationshipInput {
  return {
    name: other.name,
    installation_id: other.parameters.installation_id,
    public_ca_cert: other.parameters.public_ca_cert,
    trust_by_default: self.trust_by_default ?? false,
    account_ids: [...other.parameters.account_ids],
    ...(self.region ? { region: self.region } : {}),
  };
}

/** Both directions of a pair: what A must hold about B, and what B must hold about A. */
export function trustPairFromLocalParameters(a: TrustEnvironment, b: TrustEnvironment): TrustPair {
  if (a.parameters.installation_id === b.parameters.installation_id) {
    throw new Error(`trust pair: both environments have installation id ${a.parameters.installation_id}; a pair needs two different ECE environments`);
  }
  return { inA: trusting(a, b), inB: trusting(b, a) };
}

/** Reads both environments' trust parameters and declares the pair. */
export async function readTrustPair(
  a: { cloud: CloudClient; name: string; region?: string; trust_by_default?: boolean },
  b: { cloud: CloudClient; name: string; region?: string; trust_by_default?: boolean },
): Promise<TrustPair> {
  const [pa, pb] = await Promise.all([a.cloud.getLocalTrustParameters({ region: a.region }), b.cloud.getLocalTrustParameters({ region: b.region })]);
  return trustPairFromLocalParameters({ ...a, parameters: pa }, { ...b, parameters: pb });
}
