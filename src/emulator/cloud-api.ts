/** The Elastic Cloud / ECE REST API (filled in by the Cloud part). */
import type { CloudPlatform } from './cloud-platform';
import type { FaultInjector } from './faults';
import type { EmulatorRequest, EmulatorResponse, ServiceEndpoint } from './http-server';

const cloudError = (status: number, code: string, message: string): EmulatorResponse => ({
  status,
  body: { errors: [{ code, message }] },
});

export class CloudApi implements ServiceEndpoint {
  readonly target = 'cloud';
  readonly isCloud = true;

  constructor(private readonly platform: CloudPlatform, private readonly faults: FaultInjector) {}

  faultResponse(status: number): EmulatorResponse {
    return cloudError(status, status === 429 ? 'root.rate_limited' : 'root.unavailable', `emulated failure ${status}`);
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    if (request.headers.authorization !== `ApiKey ${this.platform.apiKey}`) {
      return cloudError(401, 'root.unauthenticated', 'The supplied authentication is invalid');
    }
    return cloudError(404, 'root.resource_not_found', `Unknown resource ${request.method} ${request.path}`);
  }
}
