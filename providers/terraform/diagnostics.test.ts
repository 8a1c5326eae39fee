/** Error diagnostics: the engine's validation message is the summary, with the field's attribute path. */
import { ValidationError } from '../../src/resources/definition';
import { diagnosticsFor } from './diagnostics';

test('a validation error names the resource and field, and says nothing was changed (some checks read first)', () => {
  const error = new ValidationError('DeploymentTrust', [
    { path: ['accounts', 0, 'trust_allowlist', 0], message: '21fa2220… is the id of deployment "logs", not an Elasticsearch cluster id' },
  ]);
  const [diagnostic] = diagnosticsFor(error);
  expect(diagnostic.severity).toBe('ERROR');
  expect(diagnostic.summary).toBe('DeploymentTrust: accounts[0].trust_allowlist[0]: 21fa2220… is the id of deployment "logs", not an Elasticsearch cluster id');
  // Not "before any request": the deployment id check asks the Cloud API, then refuses before any write.
  expect(diagnostic.detail).toBe('The value is rejected before anything is changed in Elastic.');
});
