/**
 * Starts the bundled provider (main.js and its chunks, next to this file) with V8's code cache, so a
 * start skips parsing and compiling what an earlier start compiled. Node >= 22.1 does this itself
 * (module.enableCompileCache); on older Node each chunk is compiled with the cache kept next to it
 * (<chunk>.js.cache, see ../code-cache.ts).
 */
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileWithCache } from '../code-cache';

function loadWithCache(module: NodeJS.Module, filename: string): void {
  const wrapper = compileWithCache(readFileSync(filename, 'utf8'), filename, `${filename}.cache`);
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
}

const { enableCompileCache } = Module as { enableCompileCache?: (directory: string) => unknown };
if (enableCompileCache) {
  enableCompileCache(join(__dirname, '.compile-cache'));
} else {
  const compile = require.extensions['.js'];
  require.extensions['.js'] = (module, filename) => (dirname(filename) === __dirname ? loadWithCache(module, filename) : compile(module, filename));
}
require('./main.js');
