/**
 * The main script of the single executable (package.ts builds it): the bundle's files are SEA assets,
 * and this loads them as CommonJS modules by name. An SEA's own require() reaches only Node's built-in
 * modules, so a bundle file's require('./chunk.js') is answered here from the assets; an engine chunk
 * is still read and compiled only when the first RPC that needs it asks for it.
 */
import Module from 'node:module';
import { getAsset } from 'node:sea';
import { Script } from 'node:vm';

type ModuleWrapper = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string) => void;

const builtinRequire = require;
const loaded = new Map<string, { exports: unknown }>();

function load(name: string): unknown {
  const cached = loaded.get(name);
  if (cached) return cached.exports;
  const module = { exports: {} };
  loaded.set(name, module); // before running it, as Node does, so a require cycle sees partial exports
  const filename = `${process.execPath}/${name}`; // stack traces name the chunk
  const wrapper = new Script(Module.wrap(getAsset(name, 'utf8')), { filename }).runInThisContext() as ModuleWrapper;
  const requireAsset = (id: string): unknown => (id.startsWith('./') ? load(id.slice(2)) : builtinRequire(id));
  wrapper.call(module.exports, module.exports, requireAsset, module, filename, process.execPath);
  return module.exports;
}

load('main.js');
