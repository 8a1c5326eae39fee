import { registerSecret } from '../secrets/redaction';
import { ApiError, summarizeErrorBody } from './errors';

describe('summarizeErrorBody', () => {
  it('reads Elasticsearch and Cloud error bodies', () => {
    expect(summarizeErrorBody({ error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 })).toBe(
      'security_exception: missing authentication credentials',
    );
    expect(summarizeErrorBody({ errors: [{ code: 'deployments.deployment_not_found', message: 'Deployment not found' }, { code: 'x' }] })).toBe(
      'deployments.deployment_not_found: Deployment not found; x',
    );
    expect(summarizeErrorBody('Bad Gateway\n')).toBe('Bad Gateway');
    expect(summarizeErrorBody(undefined)).toBe('');
    expect(summarizeErrorBody('x'.repeat(900))).toHaveLength(501);
  });
});

describe('ApiError', () => {
  it('redacts registered secrets from its message', () => {
    registerSecret('s3cr3t-value-from-test');
    const error = new ApiError({ service: 'cloud', method: 'PATCH', path: '/api/v1/x', status: 400, body: { errors: [{ code: 'bad', message: 'value s3cr3t-value-from-test rejected' }] } });
    expect(error.message).toBe('cloud PATCH /api/v1/x: HTTP 400 bad: value [REDACTED] rejected');
    expect(error.name).toBe('ApiError');
  });
});
