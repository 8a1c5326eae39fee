/**
 * V8's code cache for the bundled providers on Node without module.enableCompileCache (< 22.1): each
 * bundle file is compiled as a vm.Script with the cache V8 made on an earlier start, so a start skips
 * parsing and compiling what that start compiled. The launcher of the npm package (terraform/launch.ts)
 * keeps the cache next to the bundle; a single executable (sea-main.ts) in the user's cache directory.
 * A cache V8 rejects (another Node version) is rewritten; one that cannot be written (a read-only
 * install or home) is skipped. V8 checks only the source's length, so a cache must never outlive the
 * code it was made from: the build empties the bundle directory, the executable names its folder by hash.
 */
import Module from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** A CommonJS module's body, as Module.wrap makes it. */
export type ModuleWrapper = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string) => void;

/** Scripts compiled without an accepted cache, by the cache file they will fill. */
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
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file); // whole or not at all: several providers may start at once
  } catch {
    // Read-only: later starts compile as this one did.
  }
}

/** Compiles a CommonJS module's source with the code cache kept in `cacheFile`. */
export function compileWithCache(source: string, filename: string, cacheFile: string): ModuleWrapper {
  const cachedData = readCache(cacheFile);
  const script = new Script(Module.wrap(source), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // At exit the script holds every function this run compiled, not only the top level.
    if (uncached.size === 0) process.once('exit', () => uncached.forEach((uncachedScript, file) => writeCache(file, uncachedScript)));
    uncached.set(cacheFile, script);
  }
  return script.runInThisContext() as ModuleWrapper;
}
