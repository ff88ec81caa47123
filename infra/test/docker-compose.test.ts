import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DefaultPorts } from '@halong/core';
import type { Setting } from '@halong/core/node';
import { SETTINGS } from '@halong/core/node';

// The production deployment files at the repository root, checked against the contract
// (DefaultPorts) and the settings Halong actually reads (SETTINGS).
const composeFile = path.join(__dirname, '..', '..', 'docker-compose.yml');
const dockerfile = path.join(__dirname, '..', '..', 'Dockerfile');

type Protocol = 'tcp' | 'udp';

interface PortMapping {
  hostIp?: string;
  published?: number;
  target: number;
  protocol: Protocol;
}

interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: unknown[];
  expose?: unknown[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  volumes?: unknown[];
}

interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(composeFile, 'utf8')) as ComposeFile;
const services = compose.services ?? {};

function service(name: string): ComposeService {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

/** The environment of a service as strings, from the mapping or the `KEY=VALUE` list form. */
function envOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  const out: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const item of env) {
      const [key, ...rest] = String(item).split('=');
      out[key!] = rest.join('=');
    }
  } else {
    for (const [key, value] of Object.entries(env)) out[key] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}

/** Parses compose's short (`[ip:]published:target[/proto]`) and long port syntax. */
function parsePort(entry: unknown): PortMapping {
  if (typeof entry === 'number') return { target: entry, protocol: 'tcp' };
  if (typeof entry === 'object' && entry !== null) {
    const long = entry as { target?: unknown; published?: unknown; protocol?: unknown; host_ip?: unknown };
    return {
      target: Number(long.target),
      ...(long.published !== undefined ? { published: Number(long.published) } : {}),
      ...(typeof long.host_ip === 'string' ? { hostIp: long.host_ip } : {}),
      protocol: long.protocol === 'udp' ? 'udp' : 'tcp',
    };
  }
  const [mapping, proto = 'tcp'] = String(entry).split('/');
  if (proto !== 'tcp' && proto !== 'udp') throw new Error(`port "${String(entry)}": unknown protocol ${proto}`);
  const parts = mapping!.split(':');
  if (parts.some((p, i) => i >= parts.length - 2 && !/^\d+$/.test(p))) throw new Error(`port "${String(entry)}" is not [ip:]published:target`);
  const target = Number(parts[parts.length - 1]);
  if (parts.length === 1) return { target, protocol: proto };
  const published = Number(parts[parts.length - 2]);
  return parts.length === 3 ? { hostIp: parts[0]!, published, target, protocol: proto } : { published, target, protocol: proto };
}

const portsOf = (name: string): PortMapping[] => (service(name).ports ?? []).map(parsePort);
const key = (port: number, protocol: Protocol): string => `${port}/${protocol}`;

/** `NAME://host:port,...` → listener name → port. */
function listeners(value: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]+):\/\/[^:]*:(\d+)$/.exec(item);
    if (!m) throw new Error(`listener "${item}" is not NAME://host:port`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** `NAME:PROTOCOL,...` → listener name → security protocol. */
function protocolMap(value: string | undefined): Map<string, string> {
  return new Map(
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((pair) => pair.split(':') as [string, string]),
  );
}

const settingsByEnv = new Map<string, Setting>(SETTINGS.map((s) => [s.env, s]));
const isInterpolated = (value: string): boolean => value.includes('${');

const halongPorts = [
  { name: 'api', port: DefaultPorts.api, protocol: 'tcp' },
  { name: 'gateway', port: DefaultPorts.gateway, protocol: 'tcp' },
  { name: 'syslogUdp', port: DefaultPorts.syslogUdp, protocol: 'udp' },
  { name: 'syslogTcp', port: DefaultPorts.syslogTcp, protocol: 'tcp' },
  { name: 'syslogTls', port: DefaultPorts.syslogTls, protocol: 'tcp' },
] as const;
const expectedHalongPorts = new Set(halongPorts.map((p) => key(p.port, p.protocol)));

describe('docker-compose.yml', () => {
  it('defines the opensearch, kafka and halong services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['opensearch', 'kafka', 'halong']));
  });

  it('pins the engine images to exact versions and builds halong from this repository', () => {
    expect(service('opensearch').image).toMatch(/^opensearchproject\/opensearch:\d+\.\d+\.\d+$/);
    expect(service('kafka').image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(service('halong').build).toBeDefined();
  });

  it('gives every service a healthcheck and a named volume for its state', () => {
    for (const name of ['opensearch', 'kafka']) {
      const hc = service(name).healthcheck;
      expect(hc?.disable).not.toBe(true);
      expect(hc?.test).toBeDefined();
    }
    const named = Object.keys(compose.volumes ?? {});
    const mounts = (name: string): string[] => (service(name).volumes ?? []).filter((v): v is string => typeof v === 'string');
    const namedTarget = (name: string, target: string): boolean =>
      mounts(name).some((v) => {
        const [source, dest] = v.split(':');
        return named.includes(source!) && dest === target;
      });
    expect(namedTarget('opensearch', '/usr/share/opensearch/data')).toBe(true);
    expect(mounts('kafka').some((v) => named.includes(v.split(':')[0]!))).toBe(true);
    expect(namedTarget('halong', '/var/lib/halong')).toBe(true);
  });

  describe('opensearch', () => {
    const env = envOf('opensearch');

    it('publishes the default OpenSearch port', () => {
      const port = portsOf('opensearch').find((p) => p.target === DefaultPorts.opensearch);
      expect(port).toMatchObject({ target: DefaultPorts.opensearch, published: DefaultPorts.opensearch, protocol: 'tcp' });
    });

    it('keeps the security plugin on, with HTTPS and a required admin password', () => {
      expect(env.DISABLE_SECURITY_PLUGIN ?? 'false').not.toBe('true');
      expect(env['plugins.security.disabled'] ?? 'false').not.toBe('true');
      expect(env['plugins.security.ssl.http.enabled']).toBe('true');
      expect(env['plugins.security.allow_unsafe_democertificates'] ?? 'false').toBe('false');
      // ${NAME:?message}: compose refuses to start without it, so there is no default password.
      expect(env.OPENSEARCH_INITIAL_ADMIN_PASSWORD).toMatch(/^\$\{OPENSEARCH_INITIAL_ADMIN_PASSWORD:\?[^}]*\}$/);
    });

    it('reads its TLS material from the mounted ./deploy/certs directory', () => {
      const certMount = (service('opensearch').volumes ?? [])
        .filter((v): v is string => typeof v === 'string')
        .map((v) => v.split(':'))
        .find(([source]) => source!.startsWith('./deploy/certs'));
      expect(certMount).toBeDefined();
      expect(certMount![1]).toBe('/usr/share/opensearch/config/certs');
      for (const setting of ['pemcert_filepath', 'pemkey_filepath', 'pemtrustedcas_filepath']) {
        expect(env[`plugins.security.ssl.http.${setting}`]).toMatch(/^certs\//);
      }
    });
  });

  describe('kafka', () => {
    const env = envOf('kafka');
    const listen = listeners(env.KAFKA_LISTENERS);
    const advertised = listeners(env.KAFKA_ADVERTISED_LISTENERS);
    const protocols = protocolMap(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP);

    it('listens for clients on the default Kafka port and for the controller on the default controller port', () => {
      const controller = env.KAFKA_CONTROLLER_LISTENER_NAMES;
      expect(controller).toBeDefined();
      expect(listen.get(controller!)).toBe(DefaultPorts.kafkaController);
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(new RegExp(`^1@[^:]+:${DefaultPorts.kafkaController}$`));
      const clientListeners = [...listen].filter(([name]) => name !== controller).map(([, port]) => port);
      expect(clientListeners).toEqual([DefaultPorts.kafka]);
      expect([...advertised.values()]).toEqual([DefaultPorts.kafka]);
    });

    it('runs KRaft combined with replication factor 1', () => {
      expect(env.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
      expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
      expect(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
      expect(env.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('1');
      expect(env.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('1');
    });

    it('serves clients over SSL with client certificates, and no listener in plaintext', () => {
      const [[clientName]] = [...advertised];
      expect(protocols.get(clientName)).toBe('SSL');
      for (const name of listen.keys()) expect(protocols.get(name)).toMatch(/^(SSL|SASL_SSL)$/);
      expect(env.KAFKA_SSL_CLIENT_AUTH).toBe('required');
      expect(env.KAFKA_SSL_KEYSTORE_FILENAME).toBeTruthy();
      expect(env.KAFKA_SSL_TRUSTSTORE_FILENAME).toBeTruthy();
      const secrets = (service('kafka').volumes ?? []).filter((v): v is string => typeof v === 'string').map((v) => v.split(':'));
      expect(secrets).toContainEqual(['./deploy/certs/kafka', '/etc/kafka/secrets', 'ro']);
    });
  });

  describe('halong', () => {
    const env = envOf('halong');
    const halongEnv = Object.keys(env).filter((k) => k.startsWith('HALONG_'));

    it('publishes the API, gateway and syslog ports of the contract', () => {
      const published = portsOf('halong');
      for (const p of halongPorts) {
        expect(published).toContainEqual(expect.objectContaining({ target: p.port, published: p.port, protocol: p.protocol }));
      }
      expect(new Set(published.map((p) => key(p.target, p.protocol)))).toEqual(expectedHalongPorts);
    });

    it('uses only HALONG_* variables that are settings, with values those settings accept', () => {
      expect(halongEnv.length).toBeGreaterThan(0);
      const unknown = halongEnv.filter((k) => !settingsByEnv.has(k));
      expect(unknown).toEqual([]);
      // Values taken from the operator's .env (${...}) are checked by Halong at start-up.
      const rejected = halongEnv
        .filter((name) => !isInterpolated(env[name]!))
        .flatMap((name) => {
          const result = settingsByEnv.get(name)!.parse(env[name]!);
          return 'error' in result ? [`${name}: ${result.error}`] : [];
        });
      expect(rejected).toEqual([]);
    });

    it('reaches OpenSearch over HTTPS at the opensearch service on its default port', () => {
      const url = new URL(env.HALONG_OPENSEARCH_URL!);
      expect(url.protocol).toBe('https:');
      expect(url.hostname).toBe('opensearch');
      expect(Number(url.port)).toBe(DefaultPorts.opensearch);
      expect(env.HALONG_OPENSEARCH_USERNAME).toBeTruthy();
      expect(env.HALONG_OPENSEARCH_PASSWORD).toBeTruthy();
      expect(env.HALONG_OPENSEARCH_CA_FILE).toBeTruthy();
      expect(env.HALONG_OPENSEARCH_REPLICAS).toBe('0');
    });

    it('reaches Kafka over TLS with a client certificate at the kafka service on its default port', () => {
      const brokers = env.HALONG_KAFKA_BROKERS!.split(',').map((b) => b.trim());
      expect(brokers.length).toBeGreaterThan(0);
      for (const broker of brokers) {
        const [host, port] = broker.split(':');
        expect(host).toBe('kafka');
        expect(Number(port)).toBe(DefaultPorts.kafka);
      }
      expect(settingsByEnv.get('HALONG_KAFKA_SSL')!.parse(env.HALONG_KAFKA_SSL!)).toEqual({ value: true });
      expect(env.HALONG_KAFKA_CA_FILE).toBeTruthy();
      expect(env.HALONG_KAFKA_CERT_FILE).toBeTruthy();
      expect(env.HALONG_KAFKA_KEY_FILE).toBeTruthy();
    });

    it('listens on all interfaces, with TLS on the API', () => {
      expect(env.HALONG_API_HOST).toBe('0.0.0.0');
      expect(env.HALONG_API_TLS_CERT_FILE).toBeTruthy();
      expect(env.HALONG_API_TLS_KEY_FILE).toBeTruthy();
    });

    it('starts only once OpenSearch and Kafka are healthy', () => {
      const deps = service('halong').depends_on;
      expect(Array.isArray(deps)).toBe(false);
      const byName = deps as Record<string, { condition?: string }>;
      expect(byName.opensearch?.condition).toBe('service_healthy');
      expect(byName.kafka?.condition).toBe('service_healthy');
    });

    it('mounts its certificates read-only', () => {
      const certs = (service('halong').volumes ?? []).filter((v): v is string => typeof v === 'string').map((v) => v.split(':'));
      const mount = certs.find(([source]) => source!.startsWith('./deploy/certs'));
      expect(mount?.[2]).toBe('ro');
      for (const file of ['HALONG_OPENSEARCH_CA_FILE', 'HALONG_KAFKA_CERT_FILE', 'HALONG_API_TLS_CERT_FILE']) {
        expect(env[file]!.startsWith(`${mount![1]}/`)).toBe(true);
      }
    });
  });
});

describe('Dockerfile', () => {
  it('exists', () => {
    expect(existsSync(dockerfile)).toBe(true);
  });

  const text = existsSync(dockerfile) ? readFileSync(dockerfile, 'utf8') : '';
  // Instructions with their continuation lines joined, comments dropped.
  const instructions = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('EXPOSEs the same halong ports that docker-compose.yml publishes', () => {
    const exposed = new Set(
      instructions
        .filter((l) => /^EXPOSE\s/i.test(l))
        .flatMap((l) => l.split(/\s+/).slice(1))
        .map((token) => {
          const [port, proto = 'tcp'] = token.split('/');
          return key(Number(port), proto as Protocol);
        }),
    );
    expect(exposed).toEqual(expectedHalongPorts);
    expect(exposed).toEqual(new Set(portsOf('halong').map((p) => key(p.target, p.protocol))));
  });

  it('copies the manifest of every workspace before `npm ci`, so the lockfile install works', () => {
    const rootManifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { workspaces: string[] };
    const copied = instructions.filter((l) => /^COPY\s/i.test(l)).map((l) => l.split(/\s+/).slice(1, -1));
    expect(rootManifest.workspaces.length).toBeGreaterThan(0);
    for (const source of ['package.json', 'package-lock.json', ...rootManifest.workspaces.map((ws) => `${ws}/package.json`)]) {
      expect({ source, copied: copied.some((sources) => sources.includes(source)) }).toEqual({ source, copied: true });
    }
    const firstCi = instructions.findIndex((l) => /^RUN\s.*\bnpm ci\b/.test(l));
    const copyAll = instructions.findIndex((l) => /^COPY\s+\.\s+\.$/.test(l));
    expect(firstCi).toBeGreaterThan(-1);
    expect(copyAll).toBeGreaterThan(firstCi);
  });

  it('copies what the root postinstall needs (the patch script and patches/) before `npm ci`', () => {
    const rootManifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const script = /^node (\S+)$/.exec(rootManifest.scripts.postinstall ?? '')?.[1];
    expect(script).toBe('scripts/apply-patches.cjs');
    const firstCi = instructions.findIndex((l) => /^RUN\s.*\bnpm ci\b/.test(l));
    const copiedBefore = instructions.slice(0, firstCi).filter((l) => /^COPY\s/i.test(l)).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(copiedBefore).toEqual(expect.arrayContaining([script, 'patches']));
  });

  it('runs the bundled halong command as a non-root user, with a healthcheck', () => {
    const users = instructions.filter((l) => /^USER\s/i.test(l));
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]!.split(/\s+/)[1]!.split(':')[0]).not.toMatch(/^(root|0)$/);
    const execForm = (instruction: string): unknown => {
      const line = instructions.filter((l) => l.toUpperCase().startsWith(`${instruction} `)).pop();
      return line ? JSON.parse(line.slice(instruction.length)) : undefined;
    };
    expect(execForm('ENTRYPOINT')).toEqual(['node', '--max-semi-space-size=64', 'cli/dist/halong.cjs']);
    expect(execForm('CMD')).toEqual(['start']);
    expect(instructions.some((l) => /^HEALTHCHECK\s.*\/healthz/i.test(l))).toBe(true);
  });
});
