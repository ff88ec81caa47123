import pino from 'pino';
import type { Logger } from 'pino';
import type { LogLevel } from './config/config-types';

/** Paths that must never reach a log line. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.saslPassword',
  '*.token',
  '*.privateKey',
];

/** A structured JSON logger for one service; request loggers are its children. */
export function createLogger(service: string, level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ name: service, level, base: { service }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

export type { Logger };
