import * as engine from './index';

it('exposes the engine’s public API from one entry point', () => {
  for (const name of [
    'createEngineContext',
    'closeEngineContext',
    'connectionSettingsFromEnv',
    'validateConnectionSettings',
    'createSecretBox',
    'keyIdOfEncodedKey',
    'registerSecret',
    'redact',
    'createLogger',
    'memoryLogger',
    'stderrLogger',
    'planResource',
    'renderChangeSet',
    'validateInput',
    'describeAttributes',
    'trustPairFromLocalParameters',
  ] as const) {
    expect(typeof engine[name]).toBe('function');
  }
  for (const exported of [engine.HttpTransport, engine.ApiError, engine.TransportError, engine.UncertainOutcomeError, engine.ConfigurationError, engine.ValidationError, engine.ElasticsearchClient, engine.CloudClient]) {
    expect(typeof exported).toBe('function');
  }
  expect(engine.resourceDefinitions.map((d) => d.type).sort()).toEqual(['CrossClusterApiKey', 'DeploymentTrust', 'RemoteAccessRole', 'RemoteClusterConnection', 'RemoteClusterSigningTrust', 'TrustRelationship']);
  expect(engine.silentLogger).toBeDefined();
});
