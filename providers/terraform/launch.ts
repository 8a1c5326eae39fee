/**
 * Starts the bundled provider (main.js and its chunks, next to this file) with V8's code cache, so a
 * start skips parsing and compiling what an earlier start compiled. Node >= 22.1 does this itself
 * (module.enableCompileCache); on older Node each chunk is compiled as a vm.Script with the cache kept
 * next to it (<chunk>.js.cache), written when the process exits. A cache V8 rejects (another Node
 * version) is rewritten; one that cannot be written (a read-only install) is skipped. The build
 * empties this directory, so a cache never outlives the code it was made from (V8 checks only the
 * source's length).
 */
import Module, { createRequire } from 'node:module';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;

const uncached = new Map<string, Script>();

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
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file); // whole or not at all: several providers may start at once
  } catch {
    // Read-only install: later starts compile as this one did.
  }
}

function compileWithCache(module: NodeJS.Module, filename: string): void {
  const cacheFile = `${filename}.cache`;
  const cachedData = readCache(cacheFile);
  const script = new Script(Module.wrap(readFileSync(filename, 'utf8')), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) uncached.set(cacheFile, script);
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
}

const { enableCompileCache } = Module as { enableCompileCache?: (directory: string) => unknown };
if (enableCompileCache) {
  enableCompileCache(join(__dirname, '.compile-cache'));
} else {
  const compile = require.extensions['.js'];
  require.extensions['.js'] = (module, filename) => (dirname(filename) === __dirname ? compileWithCache(module, filename) : compile(module, filename));
  // At exit the scripts hold every function this run compiled, not only the top level.
  process.once('exit', () => uncached.forEach((script, file) => writeCache(file, script)));
}
require('./main.js');
