/**
 * Invalid Cloud-side inputs (DeploymentTrust and TrustRelationship) are rejected by the plan-time
 * validation, before any request, with a message naming the resource, the field and what is accepted.
 */
import { makeCa, type TestCa } from '../../../test/seeds/support/certificates';
import { ValidationError, type AnyResourceDefinition } from '../definition';
import { planResource } from '../planning';
import { trustRelationship } from '../trust-relationship';
import { deploymentTrust } from '.';

const deploymentId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const accountId = 'ec38dd0aa45f4a69909ca5c81c27138a';
const clusterId = 'cf659f7fe6164d9691b284ae36811be1';

type Input = Record<string, unknown>;
interface Case {
  name: string;
  definition: AnyResourceDefinition;
  input: (pems: { ca: TestCa; other: TestCa; expired: TestCa }) => Input;
  /** The field path as the message names it. */
  field: string;
  says: RegExp;
}

function direct(overrides: Input, pem: string): Input {
  return {
    deployment_id: deploymentId,
    direct: [{ name: 'My ECE environment', type: 'ECE', scope_id: '1053523734', certificates: [pem], trust_allowlist: [clusterId], ...overrides }],
  };
}

function account(overrides: Input): Input {
  return { deployment_id: deploymentId, accounts: [{ account_id: accountId, trust_allowlist: [clusterId], ...overrides }] };
}

function relationship(overrides: Input, pem: string): Input {
  return { name: 'ECE2', installation_id: '1053523734', public_ca_cert: pem, ...overrides };
}

const dt = deploymentTrust as AnyResourceDefinition;
const tr = trustRelationship as AnyResourceDefinition;

const cases: Case[] = [
  { name: 'deployment id too short', definition: dt, input: () => ({ ...account({}), deployment_id: 'abc123' }), field: 'deployment_id', says: /32 lowercase hex/ },
  { name: 'deployment id in upper case', definition: dt, input: () => ({ ...account({}), deployment_id: deploymentId.toUpperCase() }), field: 'deployment_id', says: /lowercase: use 0a1b/ },
  { name: 'deployment id as a UUID', definition: dt, input: () => ({ ...account({}), deployment_id: '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9' }), field: 'deployment_id', says: /without dashes/ },
  { name: 'ref id with a slash', definition: dt, input: () => ({ ...account({}), ref_id: 'main/elasticsearch' }), field: 'ref_id', says: /ref id/ },
  { name: 'account id not hex', definition: dt, input: () => account({ account_id: 'my-organization' }), field: 'accounts[0].account_id', says: /an account id of exactly 32/ },
  { name: 'allowlist entry is a name', definition: dt, input: () => account({ trust_allowlist: ['my-deployment'] }), field: 'accounts[0].trust_allowlist[0]', says: /not deployment ids/ },
  { name: 'allowlist entry of 31 characters', definition: dt, input: () => account({ trust_allowlist: [clusterId.slice(1)] }), field: 'accounts[0].trust_allowlist[0]', says: /got 31 characters/ },
  { name: 'allowlist entry in upper case', definition: dt, input: () => account({ trust_allowlist: [clusterId.toUpperCase()] }), field: 'accounts[0].trust_allowlist[0]', says: /lowercase/ },
  { name: 'allowlist entry twice', definition: dt, input: () => account({ trust_allowlist: [clusterId, clusterId] }), field: 'accounts[0].trust_allowlist[1]', says: /listed twice/ },
  { name: 'trust_all with an allowlist', definition: dt, input: () => account({ trust_all: true }), field: 'accounts[0].trust_allowlist', says: /must be empty when trust_all is true/ },
  { name: "this deployment's own id in the allowlist", definition: dt, input: () => account({ trust_allowlist: [deploymentId] }), field: 'accounts[0].trust_allowlist[0]', says: /this deployment's id, not an Elasticsearch cluster id/ },
  { name: 'no trust scope at all', definition: dt, input: () => ({ deployment_id: deploymentId }), field: 'accounts', says: /at least one trust scope/ },
  {
    name: 'the same account twice',
    definition: dt,
    input: () => ({ deployment_id: deploymentId, accounts: [{ account_id: accountId }, { account_id: accountId, trust_all: true }] }),
    field: 'accounts[1].account_id',
    says: /declared twice/,
  },
  { name: 'unknown attribute in an account scope', definition: dt, input: () => account({ name: 'my org' }), field: 'accounts[0]', says: /unknown attribute name; accepted: account_id/ },
  { name: 'unknown top-level attribute', definition: dt, input: () => ({ ...account({}), trust: {} }), field: '(input)', says: /unknown attribute trust/ },
  { name: 'allowlist given as a string', definition: dt, input: () => account({ trust_allowlist: clusterId }), field: 'accounts[0].trust_allowlist', says: /array/ },
  { name: 'resolve_deployment_ids as text', definition: dt, input: () => ({ ...account({}), resolve_deployment_ids: 'yes' }), field: 'resolve_deployment_ids', says: /boolean/ },
  {
    name: 'trust relationship id with spaces',
    definition: dt,
    input: () => ({ deployment_id: deploymentId, external: [{ trust_relationship_id: 'ECE 2' }] }),
    field: 'external[0].trust_relationship_id',
    says: /ECE trust relationship id/,
  },
  {
    name: 'external trust_all with an allowlist',
    definition: dt,
    input: () => ({ deployment_id: deploymentId, external: [{ trust_relationship_id: '83a7b03f2a4343fe99f09bd27ca3d9ec', trust_all: true, trust_allowlist: [clusterId] }] }),
    field: 'external[0].trust_allowlist',
    says: /must be empty when trust_all is true/,
  },
  {
    name: 'the same trust relationship twice',
    definition: dt,
    input: () => ({ deployment_id: deploymentId, external: [{ trust_relationship_id: '83a7b03f2a4343fe99f09bd27ca3d9ec' }, { trust_relationship_id: '83a7b03f2a4343fe99f09bd27ca3d9ec' }] }),
    field: 'external[1].trust_relationship_id',
    says: /declared twice/,
  },
  { name: 'direct trust without a name', definition: dt, input: ({ ca }) => direct({ name: '' }, ca.pem), field: 'direct[0].name', says: /a name is required/ },
  { name: 'direct trust name with trailing space', definition: dt, input: ({ ca }) => direct({ name: 'ECE ' }, ca.pem), field: 'direct[0].name', says: /whitespace/ },
  { name: 'direct trust of an unknown type', definition: dt, input: ({ ca }) => direct({ type: 'ECH' }, ca.pem), field: 'direct[0].type', says: /one of ECE, ESS, generic, proxy/ },
  { name: 'scope id in upper case', definition: dt, input: ({ ca }) => direct({ scope_id: 'ABC123' }, ca.pem), field: 'direct[0].scope_id', says: /lowercase letters and digits/ },
  { name: 'scope id longer than 32', definition: dt, input: ({ ca }) => direct({ scope_id: 'a'.repeat(33) }, ca.pem), field: 'direct[0].scope_id', says: /at most 32/ },
  { name: 'scope id with a dash', definition: dt, input: ({ ca }) => direct({ scope_id: 'ece-1' }, ca.pem), field: 'direct[0].scope_id', says: /lowercase letters and digits/ },
  { name: 'direct trust without certificates', definition: dt, input: ({ ca }) => direct({ certificates: [] }, ca.pem), field: 'direct[0].certificates', says: /at least one CA certificate/ },
  { name: 'certificate that is not PEM', definition: dt, input: () => direct({}, 'MIIDTzCCA'), field: 'direct[0].certificates[0]', says: /no PEM block found/ },
  {
    name: 'the seed placeholder certificate',
    definition: dt,
    input: () => direct({}, '-----BEGIN CERTIFICATE-----\nMIIDTzCCA...H0=\n-----END CERTIFICATE-----'),
    field: 'direct[0].certificates[0]',
    says: /not a valid X.509 certificate/,
  },
  { name: 'a private key instead of a certificate', definition: dt, input: ({ ca }) => direct({}, ca.privateKeyPem), field: 'direct[0].certificates[0]', says: /private key/ },
  { name: 'two certificates in one entry', definition: dt, input: ({ ca, other }) => direct({}, `${ca.pem}${other.pem}`), field: 'direct[0].certificates[0]', says: /one certificate per entry/ },
  { name: 'an expired certificate', definition: dt, input: ({ expired }) => direct({}, expired.pem), field: 'direct[0].certificates[0]', says: /expired on/ },
  {
    name: 'proxy-type direct trust with a scope id',
    definition: dt,
    input: ({ ca }) => direct({ type: 'proxy', trust_allowlist: [] }, ca.pem),
    field: 'direct[0].scope_id',
    says: /must be omitted for a proxy-type direct trust/,
  },
  {
    name: 'proxy-type direct trust with trust_all',
    definition: dt,
    input: ({ ca }) => direct({ type: 'proxy', scope_id: undefined, trust_allowlist: [], trust_all: true }, ca.pem),
    field: 'direct[0].trust_all',
    says: /must be false for a proxy-type direct trust/,
  },
  {
    name: 'proxy-type direct trust with an allowlist',
    definition: dt,
    input: ({ ca }) => direct({ type: 'proxy', scope_id: undefined }, ca.pem),
    field: 'direct[0].trust_allowlist',
    says: /must be omitted for a proxy-type direct trust/,
  },
  { name: 'allowlist without a scope id', definition: dt, input: ({ ca }) => direct({ scope_id: undefined }, ca.pem), field: 'direct[0].scope_id', says: /required with trust_all or a trust_allowlist/ },
  {
    name: 'neither scope id nor node names',
    definition: dt,
    input: ({ ca }) => direct({ scope_id: undefined, trust_allowlist: [] }, ca.pem),
    field: 'direct[0].additional_node_names',
    says: /required when scope_id is not given/,
  },
  { name: 'wildcard node name', definition: dt, input: ({ ca }) => direct({ additional_node_names: ['*.node.example'] }, ca.pem), field: 'direct[0].additional_node_names[0]', says: /wildcards are not allowed/ },
  {
    name: 'the same direct trust name twice',
    definition: dt,
    input: ({ ca }) => ({ deployment_id: deploymentId, direct: [0, 1].map(() => ({ name: 'ECE', scope_id: 'abc', certificates: [ca.pem], trust_all: true })) }),
    field: 'direct[1].name',
    says: /declared twice/,
  },
  { name: 'relationship without a name', definition: tr, input: ({ ca }) => relationship({ name: '' }, ca.pem), field: 'name', says: /a name is required/ },
  { name: 'installation id with a dash', definition: tr, input: ({ ca }) => relationship({ installation_id: 'ece-2' }, ca.pem), field: 'installation_id', says: /remote ECE environment id/ },
  { name: 'installation id longer than 32', definition: tr, input: ({ ca }) => relationship({ installation_id: '1'.repeat(33) }, ca.pem), field: 'installation_id', says: /at most 32/ },
  { name: 'installation id missing', definition: tr, input: ({ ca }) => relationship({ installation_id: undefined }, ca.pem), field: 'installation_id', says: /string/ },
  { name: 'relationship CA that is not a certificate', definition: tr, input: () => relationship({}, 'not a certificate'), field: 'public_ca_cert', says: /no PEM block found/ },
  { name: 'relationship CA that is a private key', definition: tr, input: ({ ca }) => relationship({}, ca.privateKeyPem), field: 'public_ca_cert', says: /private key/ },
  { name: 'trusted account id not hex', definition: tr, input: ({ ca }) => relationship({ account_ids: ['651598b1'] }, ca.pem), field: 'account_ids[0]', says: /an account id of exactly 32/ },
  {
    name: 'trusted account twice',
    definition: tr,
    input: ({ ca }) => relationship({ account_ids: ['651598b101e54ccab1bfdcd8b6e3b8be', '651598b101e54ccab1bfdcd8b6e3b8be'] }, ca.pem),
    field: 'account_ids[1]',
    says: /listed twice/,
  },
  { name: 'region with upper case', definition: tr, input: ({ ca }) => relationship({ region: 'ECE Region' }, ca.pem), field: 'region', says: /ECE region name/ },
  { name: 'unknown relationship attribute', definition: tr, input: ({ ca }) => relationship({ certificate: ca.pem }, ca.pem), field: '(input)', says: /unknown attribute certificate/ },
  { name: 'trust_by_default as text', definition: tr, input: ({ ca }) => relationship({ trust_by_default: 'true' }, ca.pem), field: 'trust_by_default', says: /boolean/ },
];

describe('Cloud-side inputs are rejected at plan time, naming resource and field', () => {
  let pems: { ca: TestCa; other: TestCa; expired: TestCa };
  beforeAll(async () => {
    const [ca, other, expired] = await Promise.all([makeCa('ECE env CA'), makeCa('Other CA'), makeCa('Old CA', { notBefore: new Date(Date.now() - 10 * 86_400_000), days: 2 })]);
    pems = { ca, other, expired };
  });

  it('has at least 30 invalid inputs', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let error: unknown;
    try {
      // planResource is the plan-time entry of every front end: it has no connection, so nothing can be sent.
      planResource(c.definition, undefined, c.input(pems));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const lines = (error as ValidationError).message.split('\n');
    const line = lines.find((l) => l.startsWith(`${c.definition.type}: ${c.field}: `));
    if (!line) throw new Error(`no message for ${c.field}; got:\n${lines.join('\n')}`);
    expect(line).toMatch(c.says);
  });

  it('accepts the seed examples once the certificate is real', () => {
    const seed003 = direct({}, pems.ca.pem);
    expect(planResource(dt, undefined, seed003).action).toBe('create');
    expect(planResource(dt, undefined, { deployment_id: deploymentId, accounts: [{ account_id: accountId, trust_all: true }] }).action).toBe('create');
    expect(planResource(tr, undefined, relationship({ account_ids: ['651598b101e54ccab1bfdcd8b6e3b8be'] }, pems.ca.pem)).action).toBe('create');
  });
});
