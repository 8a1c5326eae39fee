/**
 * Structured logging for the engine. Every line passes through redaction before any sink sees it.
 * CLIs and providers log to stderr only: a Terraform provider's stdout carries the plugin handshake.
 */
import { redact, redactValue } from './secrets/redaction';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** One redacted log record, as a sink receives it. */
export interface LogEntry {
  time: string;
  level: LogLevel;
  message: string;
  fields: LogFields;
  /** `<time> <LEVEL> <message> key=value ...`, the form written to text sinks. */
  line: string;
}

export type LogSink = (entry: LogEntry) => void;

export interface LoggerOptions {
  /** Least severe level written; default `info`. */
  level?: LogLevel;
  /** Fields added to every line, e.g. `{ resource: 'CrossClusterApiKey' }`. */
  fields?: LogFields;
}

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(value: string): value is LogLevel {
  return value in severity;
}

export function createLogger(sink: LogSink, options: LoggerOptions = {}): Logger {
  const threshold = severity[options.level ?? 'info'];
  const bound = options.fields ?? {};
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (severity[level] < threshold) return;
    sink(makeEntry(level, message, { ...bound, ...fields }));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function makeEntry(level: LogLevel, message: string, rawFields: LogFields): LogEntry {
  const time = new Date().toISOString();
  const safeMessage = redact(message);
  const fields = redactValue(rawFields) as LogFields;
  const rendered = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  // Redact the whole line again: a secret split across a key and a value is still one string here.
  const line = redact([time, level.toUpperCase(), safeMessage, ...rendered].join(' '));
  return { time, level, message: safeMessage, fields, line };
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Writes lines to stderr (never stdout). */
export const stderrSink: LogSink = (entry) => {
  process.stderr.write(`${entry.line}\n`);
};

/**
 * Writes hclog-style JSON lines (`@level`, `@message`, `@timestamp`, then the fields) to stderr.
 * Terraform's plugin client parses these from a provider's stderr and keeps their level under TF_LOG;
 * plain lines would all be filed as debug.
 */
export const stderrJsonSink: LogSink = (entry) => {
  process.stderr.write(`${hclogJsonLine(entry)}\n`);
};

/**
 * One hclog JSON line. go-plugin parses `@timestamp` with exactly six fractional digits
 * (`2006-01-02T15:04:05.000000Z07:00`) and files the whole line as plain debug text otherwise.
 */
export function hclogJsonLine(entry: LogEntry): string {
  const timestamp = entry.time.replace(/\.(\d{3})Z$/, '.$1000Z');
  return redact(JSON.stringify({ '@level': entry.level, '@message': entry.message, '@timestamp': timestamp, ...entry.fields }));
}

export function stderrLogger(options: LoggerOptions & { format?: 'text' | 'json' } = {}): Logger {
  return createLogger(options.format === 'json' ? stderrJsonSink : stderrSink, options);
}

/** Captures every level (debug included) in memory, for tests that inspect what was logged. */
export interface MemoryLogger extends Logger {
  readonly entries: LogEntry[];
  /** The rendered lines, in order. */
  lines(): string[];
  clear(): void;
}

export function memoryLogger(options: LoggerOptions = {}): MemoryLogger {
  const entries: LogEntry[] = [];
  const logger = createLogger((entry) => entries.push(entry), { level: 'debug', ...options });
  return {
    ...logger,
    entries,
    lines: () => entries.map((e) => e.line),
    clear: () => {
      entries.length = 0;
    },
  };
}

const ignore = (): void => undefined;
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
