import { createLogger, memoryLogger, silentLogger, stderrLogger, type LogEntry } from './log';
import { registerSecret } from './secrets/redaction';

describe('logger', () => {
  it('writes structured fields as key=value, from the configured level up', () => {
    const entries: LogEntry[] = [];
    const log = createLogger((e) => entries.push(e), { level: 'info', fields: { resource: 'CrossClusterApiKey' } });
    log.debug('hidden');
    log.info('created key', { id: 'abc', attempts: 2, note: 'two words', detail: { a: 1 } });
    expect(entries).toHaveLength(1);
    expect(entries[0].line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z INFO created key resource=CrossClusterApiKey id=abc attempts=2 note="two words" detail=\{"a":1\}$/);
    expect(entries[0].fields).toEqual({ resource: 'CrossClusterApiKey', id: 'abc', attempts: 2, note: 'two words', detail: { a: 1 } });
  });

  it('redacts messages, fields and whole lines', () => {
    registerSecret('log-secret-value');
    const log = memoryLogger();
    log.warn('saw log-secret-value', { value: 'log-secret-value', header: 'ApiKey dGhpczppc25vdHJlZ2lzdGVyZWQ=' });
    const [entry] = log.entries;
    expect(entry.message).toBe('saw [REDACTED]');
    expect(entry.fields).toEqual({ value: '[REDACTED]', header: 'ApiKey [REDACTED]' });
    expect(log.lines()[0]).not.toContain('log-secret-value');
    expect(log.lines()[0]).not.toContain('dGhpczppc25vdHJlZ2lzdGVyZWQ=');
    log.clear();
    expect(log.lines()).toEqual([]);
  });

  it('writes to stderr, never stdout', () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      stderrLogger({ level: 'debug' }).debug('to stderr');
      silentLogger.error('nowhere');
      expect(out).not.toHaveBeenCalled();
      
      expect(String(err.mock.calls[0][0])).toMatch(/DEBUG to stderr\n$/);
      registerSecret('json-sink-secret');
      stderrLogger({ format: 'json' }).warn('json line', { key: 'json-sink-secret', n: 1 });
      const record = JSON.parse(String(err.mock.calls[1][0]));
      expect(record).toEqual({ '@level': 'warn', '@message': 'json line', '@timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), key: '[REDACTED]', n: 1 });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
