/**
 * undici's Pool and ProxyAgent, taken from their own files: undici's index also evaluates fetch,
 * WebSocket, EventSource, caches and mocks (and through them Node's own bundled undici), about half of
 * undici's load time, none of which the transport uses. The transport loads this module on its first
 * request, so a process that only validates never loads HTTP code at all.
 */
import type { Pool as UndiciPool, ProxyAgent as UndiciProxyAgent } from 'undici';
import Dispatcher = require('undici/lib/dispatcher/dispatcher');
import api = require('undici/lib/api');
import PoolClass = require('undici/lib/dispatcher/pool');
import ProxyAgentClass = require('undici/lib/dispatcher/proxy-agent');

// What undici's index does: request(), connect() (which the proxy agent's tunnels use) and the other
// request methods live on every dispatcher's prototype.
Object.assign(Dispatcher.prototype, api);

export const Pool: typeof UndiciPool = PoolClass;
export const ProxyAgent: typeof UndiciProxyAgent = ProxyAgentClass;
