import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HalongError } from '../../error-codes';
import type { HalongConfig } from './config-types';
import { SETTINGS } from './settings';

/** Thrown when settings are wrong; `problems` holds one sentence per bad value. */
export class ConfigError extends HalongError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('HALONG_CONFIG_INVALID', problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
}

/**
 * Reads every `HALONG_*` variable (and the optional file named by `HALONG_CONFIG_FILE`),
 * applies defaults and validates it all, collecting every problem before failing.
 */
export function loadConfig(options: LoadConfigOptions = {}): HalongConfig {
  const env = options.env ?? process.env;
  const readFile = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  // Every group exists even when none of its settings has a value, so `config.policy.file` never throws.
  for (const s of SETTINGS) if (s.path.includes('.')) out[s.path.split('.')[0]!] ??= {};

  const fileValues = readConfigFile(env.HALONG_CONFIG_FILE, readFile, problems);
  for (const s of SETTINGS) {
    const fromEnv = env[s.env];
    const fromFile = fileValues.get(s.path);
    let value = s.default;
    if (fromEnv !== undefined && fromEnv !== '') {
      value = check(s.parse(fromEnv), `${s.env}`, problems);
    } else if (fromFile !== undefined) {
      value = check(s.parse(String(fromFile)), `${s.path} in ${env.HALONG_CONFIG_FILE}`, problems);
    }
    if (value !== undefined) setPath(out, s.path, value);
  }
  const config = out as unknown as HalongConfig;
  if (!problems.length) crossCheck(config, problems);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function check(result: { value: unknown } | { error: string }, where: string, problems: string[]): unknown {
  if ('error' in result) {
    problems.push(`${where}: ${result.error}`);
    return undefined;
  }
  return result.value;
}

function readConfigFile(path: string | undefined, readFile: (p: string) => string, problems: string[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (!path) return values;
  let doc: unknown;
  try {
    doc = parseYaml(readFile(path)); // YAML is a superset of JSON: one parser for both
  } catch (err) {
    problems.push(`HALONG_CONFIG_FILE: cannot read ${path}: ${(err as Error).message.split('\n')[0]}`);
    return values;
  }
  if (doc === null || doc === undefined) return values;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push(`HALONG_CONFIG_FILE: ${path} must hold a mapping of settings`);
    return values;
  }
  const known = new Set(SETTINGS.map((s) => s.path));
  flatten(doc as Record<string, unknown>, '', values);
  for (const key of values.keys()) {
    if (!known.has(key)) problems.push(`${key} in ${path}: unknown setting`);
  }
  return values;
}

function flatten(obj: Record<string, unknown>, prefix: string, into: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) continue; // `key:` with no value means unset, not "null"
    if (typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, into);
    else into.set(key, Array.isArray(v) ? v.join(',') : v);
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function crossCheck(c: HalongConfig, problems: string[]): void {
  if (Boolean(c.api.tlsCertFile) !== Boolean(c.api.tlsKeyFile)) {
    problems.push('HALONG_API_TLS_CERT_FILE / HALONG_API_TLS_KEY_FILE: set both or neither');
  }
  if (Boolean(c.opensearch.certFile) !== Boolean(c.opensearch.keyFile)) {
    problems.push('HALONG_OPENSEARCH_CERT_FILE / HALONG_OPENSEARCH_KEY_FILE: set both or neither');
  }
  if (Boolean(c.opensearch.username) !== Boolean(c.opensearch.password)) {
    problems.push('HALONG_OPENSEARCH_USERNAME / HALONG_OPENSEARCH_PASSWORD: set both or neither');
  }
  if (Boolean(c.kafka.certFile) !== Boolean(c.kafka.keyFile)) {
    problems.push('HALONG_KAFKA_CERT_FILE / HALONG_KAFKA_KEY_FILE: set both or neither');
  }
  if (c.kafka.saslMechanism && !(c.kafka.saslUsername && c.kafka.saslPassword)) {
    problems.push('HALONG_KAFKA_SASL_MECHANISM: needs HALONG_KAFKA_SASL_USERNAME and HALONG_KAFKA_SASL_PASSWORD');
  }
  if (c.api.port === c.gateway.port) {
    problems.push('HALONG_GATEWAY_PORT: must differ from HALONG_API_PORT');
  }
  if (Boolean(c.tokens.oidcIssuer) !== Boolean(c.tokens.oidcAudience)) {
    problems.push('HALONG_OIDC_ISSUER / HALONG_OIDC_AUDIENCE: set both or neither');
  }
  if (c.pki.certLifetimeMs < 300_000 || c.pki.certLifetimeMs > 7 * 86_400_000) {
    problems.push('HALONG_CERT_LIFETIME: must be between 5m and 168h');
  }
  if (!c.opensearch.url && c.opensearch.port === c.opensearch.transportPort) {
    problems.push('HALONG_OPENSEARCH_TRANSPORT_PORT: must differ from HALONG_OPENSEARCH_PORT');
  }
  if (!c.kafka.brokers && c.kafka.port === c.kafka.controllerPort) {
    problems.push('HALONG_KAFKA_CONTROLLER_PORT: must differ from HALONG_KAFKA_PORT');
  }
}

/** The OpenSearch URL Halong talks to: the external one, or its managed engine on loopback. */
export function opensearchUrl(c: HalongConfig): string {
  return c.opensearch.url ?? `http://127.0.0.1:${c.opensearch.port}`;
}

/** The Kafka brokers Halong talks to: the external ones, or its managed broker on loopback. */
export function kafkaBrokers(c: HalongConfig): string[] {
  return c.kafka.brokers ?? [`127.0.0.1:${c.kafka.port}`];
}
