// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.
export * from './cross-cluster-api-key';
export * from './remote-cluster-connection';
export * from './trust-relationship';
export * from './deployment-trust';
export * from './remote-cluster-signing-trust';
export * from './remote-access-role';
