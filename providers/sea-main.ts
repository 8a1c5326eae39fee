/**
 * The main script of a single executable (single-executable.ts builds it, for the Terraform provider
 * and for the Pulumi plugin): the bundle's files are SEA assets, and this loads them as CommonJS
 * modules by name, starting with main.js. An SEA's own require() reaches only Node's built-in modules,
 * so a bundle file's require('./chunk.js') is answered here from the assets; a chunk is still read and
 * compiled only when code that needs it asks for it.
 *
 * V8's code cache (code-cache.ts) lives in the user's cache directory ($XDG_CACHE_HOME or ~/.cache),
 * in a folder named by the "build" asset (<executable>/<version>-<hash of the assets>): never next to
 * the executable, whose directory OpenTofu checks against the lock file's h1 hash.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getAsset } from 'node:sea';
import { compileWithCache } from './code-cache';

const builtinRequire = require;
const loaded = new Map<string, { exports: unknown }>();
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), getAsset('build', 'utf8'));

function load(name: string): unknown {
  const cached = loaded.get(name);
  if (cached) return cached.exports;
  const module = { exports: {} };
  loaded.set(name, module); // before running it, as Node does, so a require cycle sees partial exports
  const filename = `${process.execPath}/${name}`; // stack traces name the chunk
  const wrapper = compileWithCache(getAsset(name, 'utf8'), filename, join(cacheDir, `${name}.cache`));
  const requireAsset = (id: string): unknown => (id.startsWith('./') ? load(id.slice(2)) : builtinRequire(id));
  wrapper.call(module.exports, module.exports, requireAsset, module, filename, process.execPath);
  return module.exports;
}

load('main.js');
