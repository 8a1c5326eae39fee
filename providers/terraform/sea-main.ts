/**
 * The main script of the single executable (package.ts builds it): the bundle's files are SEA assets,
 * and this loads them as CommonJS modules by name. An SEA's own require() reaches only Node's built-in
 * modules, so a bundle file's require('./chunk.js') is answered here from the assets; an engine chunk
 * is still read and compiled only when the first RPC that needs it asks for it.
 *
 * V8's code cache, as launch.ts keeps for the bundle, lives in the user's cache directory
 * ($XDG_CACHE_HOME or ~/.cache), in a folder named by the assets' hash (the "build" asset): never next
 * to the executable, whose directory OpenTofu checks against the lock file's h1 hash. A cache that
 * cannot be written (read-only home) is skipped; one V8 rejects is rewritten.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getAsset } from 'node:sea';
import { Script } from 'node:vm';

type ModuleWrapper = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string) => void;

const builtinRequire = require;
const loaded = new Map<string, { exports: unknown }>();
const uncached = new Map<string, Script>();
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'terraform-provider-elasticremote', getAsset('build', 'utf8'));

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, script: Script): void {
  const temporary = `${file}.${process.pid}`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file); // whole or not at all: several providers may start at once
  } catch {
    // Read-only or missing home: later starts compile as this one did.
  }
}

function load(name: string): unknown {
  const cached = loaded.get(name);
  if (cached) return cached.exports;
  const module = { exports: {} };
  loaded.set(name, module); // before running it, as Node does, so a require cycle sees partial exports
  const filename = `${process.execPath}/${name}`; // stack traces name the chunk
  const cacheFile = join(cacheDir, `${name}.cache`);
  const cachedData = readCache(cacheFile);
  const script = new Script(Module.wrap(getAsset(name, 'utf8')), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) uncached.set(cacheFile, script);
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const requireAsset = (id: string): unknown => (id.startsWith('./') ? load(id.slice(2)) : builtinRequire(id));
  wrapper.call(module.exports, module.exports, requireAsset, module, filename, process.execPath);
  return module.exports;
}

// At exit the scripts hold every function this run compiled, not only the top level.
process.once('exit', () => uncached.forEach((script, file) => writeCache(file, script)));
load('main.js');
