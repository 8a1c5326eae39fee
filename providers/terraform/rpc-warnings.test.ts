import { memoryLogger } from '../../src/log';
import { collectingLogger, withLoggedWarnings } from './rpc-warnings';

test('warnings logged during an RPC become its warning diagnostics, each once, and concurrent RPCs keep their own', async () => {
  const inner = memoryLogger();
  const log = collectingLogger(inner);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
  const rpc = (name: string) =>
    withLoggedWarnings(async () => {
      log.info(`${name} starts`);
      await pause();
      log.warn(`${name}: add the keystore secret by hand`);
      log.warn(`${name}: add the keystore secret by hand`);
      return { diagnostics: [] };
    });
  const [a, b] = await Promise.all([rpc('a'), rpc('b')]);
  expect(a.diagnostics).toEqual([{ severity: 'WARNING', summary: 'a: add the keystore secret by hand', detail: '' }]);
  expect(b.diagnostics).toEqual([{ severity: 'WARNING', summary: 'b: add the keystore secret by hand', detail: '' }]);
  expect(inner.lines().filter((l) => l.includes('WARN'))).toHaveLength(4);
  // Outside an RPC a warning is only logged.
  log.warn('outside');
  expect(await withLoggedWarnings(() => ({ diagnostics: [] }))).toEqual({ diagnostics: [] });
});
