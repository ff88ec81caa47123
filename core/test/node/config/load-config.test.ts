import { homedir } from 'node:os';
import { join } from 'node:path';
import { DefaultPorts, HalongError } from '@halong/core';
import type { HalongConfig, LoadConfigOptions } from '@halong/core/node';
import { ConfigError, kafkaBrokers, loadConfig, opensearchUrl } from '@halong/core/node';

/** Runs loadConfig expecting a ConfigError and returns it. */
function configError(options: LoadConfigOptions): ConfigError {
  try {
    loadConfig(options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted the configuration');
}

/** A readFile that serves one in-memory file and fails like fs for any other path. */
function files(content: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = content[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

describe('loadConfig defaults', () => {
  const config = loadConfig({ env: {}, readFile: () => { throw new Error('no file should be read'); } });

  it('applies every default when nothing is set', () => {
    expect(config.logLevel).toBe('info');
    expect(config.api).toEqual({ host: '127.0.0.1', port: DefaultPorts.api, bodyLimitBytes: 10 * 1024 * 1024 });
    expect(config.gateway).toEqual({ port: DefaultPorts.gateway });
    expect(config.syslog).toEqual({ host: '127.0.0.1', udpPort: DefaultPorts.syslogUdp, tcpPort: DefaultPorts.syslogTcp, tlsPort: DefaultPorts.syslogTls });
    expect(config.collector).toMatchObject({ enabled: true, spoolMaxBytes: 1 << 30, site: 'central', timeZone: 'Asia/Ho_Chi_Minh', unknownSources: 'tag', sendTimeoutMs: 10_000 });
    expect(config.collector.spoolDir).toMatch(/halong[/\\]spool$/);
    expect(config.mqtt).toEqual({ url: `mqtts://127.0.0.1:${DefaultPorts.mqtt}`, enabled: false });
    expect(config.opensearch).toEqual({ port: 9200, transportPort: 9300, replicas: 0, requestTimeoutMs: 30_000, compression: 'auto' });
    expect(config.kafka).toEqual({
      port: 9092,
      controllerPort: 9093,
      clientId: 'halong',
      ssl: false,
      partitions: 3,
      replicationFactor: 1,
      lingerMs: 5,
      batchBytes: 512 * 1024,
      maxBufferedBytes: 32 * 1024 * 1024,
    });
    expect(config.topicPrefix).toBe('');
    expect(config.indexPrefix).toBe('halong');
    expect(config.retentionDays).toBe(90);
    expect(config.indexer).toEqual({ threads: 1 });
  });

  it('keeps engine data and caches under the home folder', () => {
    expect(config.engines).toEqual({
      dataDir: join(homedir(), '.local', 'share', 'halong', 'engines'),
      cacheDir: join(homedir(), '.cache', 'halong'),
      startTimeoutMs: 180_000,
      opensearchHeap: '1g',
      kafkaHeap: '512m',
    });
  });

  it('leaves optional settings unset (no key at all)', () => {
    expect('configFile' in config).toBe(false);
    expect('url' in config.opensearch).toBe(false);
    expect('brokers' in config.kafka).toBe(false);
    expect('saslMechanism' in config.kafka).toBe(false);
    expect('tlsCertFile' in config.api).toBe(false);
  });

  it('reads process.env when no env is given', () => {
    const saved = process.env.HALONG_RETENTION_DAYS;
    process.env.HALONG_RETENTION_DAYS = '7';
    try {
      expect(loadConfig().retentionDays).toBe(7);
    } finally {
      if (saved === undefined) delete process.env.HALONG_RETENTION_DAYS;
      else process.env.HALONG_RETENTION_DAYS = saved;
    }
  });
});

describe('loadConfig environment overrides', () => {
  it('takes each value from its HALONG_* variable', () => {
    const config = loadConfig({
      env: {
        HALONG_LOG_LEVEL: 'debug',
        HALONG_API_HOST: '0.0.0.0',
        HALONG_API_PORT: '9443',
        HALONG_GATEWAY_PORT: '9444',
        HALONG_SYSLOG_UDP_PORT: '1514',
        HALONG_OPENSEARCH_REPLICAS: '2',
        HALONG_KAFKA_CLIENT_ID: 'collector-7',
        HALONG_KAFKA_PARTITIONS: '12',
        HALONG_TOPIC_PREFIX: 'test-abc',
        HALONG_INDEX_PREFIX: 'lab_1',
        HALONG_OPENSEARCH_HEAP: '2G',
        HALONG_RETENTION_DAYS: '30',
      },
    });
    expect(config.logLevel).toBe('debug');
    expect(config.api.host).toBe('0.0.0.0');
    expect(config.api.port).toBe(9443);
    expect(config.gateway.port).toBe(9444);
    expect(config.syslog.udpPort).toBe(1514);
    expect(config.syslog.tcpPort).toBe(DefaultPorts.syslogTcp);
    expect(config.opensearch.replicas).toBe(2);
    expect(config.kafka.clientId).toBe('collector-7');
    expect(config.kafka.partitions).toBe(12);
    expect(config.topicPrefix).toBe('test-abc');
    expect(config.indexPrefix).toBe('lab_1');
    expect(config.engines.opensearchHeap).toBe('2G');
    expect(config.retentionDays).toBe(30);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ env: { HALONG_API_PORT: '', HALONG_LOG_LEVEL: '' } });
    expect(config.api.port).toBe(DefaultPorts.api);
    expect(config.logLevel).toBe('info');
  });

  it('ignores variables that are not settings', () => {
    expect(loadConfig({ env: { HALONG_NOT_A_SETTING: 'x', PATH: '/bin' } }).api.port).toBe(DefaultPorts.api);
  });

  it('trims values that are parsed', () => {
    const config = loadConfig({ env: { HALONG_API_PORT: ' 8080 ', HALONG_API_HOST: '  ::1 ', HALONG_LOG_LEVEL: ' warn' } });
    expect(config.api.port).toBe(8080);
    expect(config.api.host).toBe('::1');
    expect(config.logLevel).toBe('warn');
  });
});

describe('loadConfig problems', () => {
  it('reports a port that is not a number with exactly one line naming HALONG_API_PORT', () => {
    const err = configError({ env: { HALONG_API_PORT: 'eighty' } });
    expect(err.problems).toEqual(['HALONG_API_PORT: "eighty" is not a port number (1-65535)']);
    expect(err.message).toBe(err.problems[0]);
  });

  it('is a HalongError with code HALONG_CONFIG_INVALID', () => {
    const err = configError({ env: { HALONG_API_PORT: 'x' } });
    expect(err).toBeInstanceOf(HalongError);
    expect(err.code).toBe('HALONG_CONFIG_INVALID');
    expect(err.status).toBe(500);
    expect(err.name).toBe('ConfigError');
  });

  it.each(['0', '65536', '-1', '80.5', '1e3', '0x50', ' '])('refuses port %p', (raw) => {
    expect(configError({ env: { HALONG_KAFKA_PORT: raw } }).problems).toEqual([`HALONG_KAFKA_PORT: "${raw}" is not a port number (1-65535)`]);
  });

  it('accepts the edges of the port range', () => {
    expect(loadConfig({ env: { HALONG_API_PORT: '1' } }).api.port).toBe(1);
    expect(loadConfig({ env: { HALONG_API_PORT: '65535' } }).api.port).toBe(65535);
  });

  it('reports every bad value, one line each, in settings order', () => {
    const err = configError({
      env: { HALONG_KAFKA_PORT: '70000', HALONG_OPENSEARCH_URL: 'ftp://x', HALONG_LOG_LEVEL: 'loud', HALONG_RETENTION_DAYS: '0' },
    });
    expect(err.problems).toEqual([
      'HALONG_LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent',
      'HALONG_OPENSEARCH_URL: "ftp://x" must use http: or https:',
      'HALONG_KAFKA_PORT: "70000" is not a port number (1-65535)',
      'HALONG_RETENTION_DAYS: "0" is not an integer in 1..3650',
    ]);
    expect(err.message.split('\n')).toEqual(err.problems);
  });

  it('does not run cross checks while single values are wrong', () => {
    // Cert without key would be a cross-check problem; the bad port must be the only line.
    const err = configError({ env: { HALONG_API_PORT: 'x', HALONG_API_TLS_CERT_FILE: '/c.pem' } });
    expect(err.problems).toEqual(['HALONG_API_PORT: "x" is not a port number (1-65535)']);
  });

  it.each([
    ['HALONG_LOG_LEVEL', 'verbose', /is not one of/],
    ['HALONG_API_HOST', '   ', /must not be empty/],
    ['HALONG_OPENSEARCH_REPLICAS', '11', /not an integer in 0\.\.10/],
    ['HALONG_OPENSEARCH_REPLICAS', '-1', /not an integer in 0\.\.10/],
    ['HALONG_KAFKA_PARTITIONS', '1.5', /not an integer in 1\.\.1000/],
    ['HALONG_KAFKA_REPLICATION_FACTOR', 'three', /not an integer in 1\.\.10/],
    ['HALONG_KAFKA_SASL_MECHANISM', 'gssapi', /is not one of plain, scram-sha-256, scram-sha-512/],
    ['HALONG_INDEX_PREFIX', 'Halong', /not a valid index prefix/],
    ['HALONG_INDEX_PREFIX', '-halong', /not a valid index prefix/],
    ['HALONG_KAFKA_HEAP', '512', /not a JVM heap size/],
    ['HALONG_OPENSEARCH_HEAP', '1.5g', /not a JVM heap size/],
  ])('refuses %s=%p', (name, raw, message) => {
    const { problems } = configError({ env: { [name]: raw } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toMatch(message);
  });
});

describe('loadConfig value formats', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['250', 250],
    [' 10s ', 10_000],
  ])('reads duration %p as %i ms', (raw, ms) => {
    expect(loadConfig({ env: { HALONG_OPENSEARCH_TIMEOUT: raw } }).opensearch.requestTimeoutMs).toBe(ms);
  });

  it('reads durations for every duration setting', () => {
    const config = loadConfig({ env: { HALONG_KAFKA_LINGER: '20ms', HALONG_ENGINE_START_TIMEOUT: '5m' } });
    expect(config.kafka.lingerMs).toBe(20);
    expect(config.engines.startTimeoutMs).toBe(300_000);
  });

  it.each(['1.5s', '-5s', '10 s', '5d', 'soon'])('refuses duration %p', (raw) => {
    expect(configError({ env: { HALONG_KAFKA_LINGER: raw } }).problems).toEqual([
      `HALONG_KAFKA_LINGER: "${raw}" is not a duration (e.g. 500ms, 30s, 5m)`,
    ]);
  });

  it.each([
    ['1mb', 1_048_576],
    ['1MB', 1_048_576],
    ['2mib', 2_097_152],
    ['512kb', 524_288],
    ['4KiB', 4096],
    ['100b', 100],
    ['1048576', 1_048_576],
  ])('reads size %p as %i bytes', (raw, n) => {
    expect(loadConfig({ env: { HALONG_KAFKA_BATCH_SIZE: raw } }).kafka.batchBytes).toBe(n);
  });

  it('reads sizes for every size setting', () => {
    const config = loadConfig({ env: { HALONG_API_BODY_LIMIT: '1mb', HALONG_KAFKA_BUFFER_SIZE: '64mb' } });
    expect(config.api.bodyLimitBytes).toBe(1 << 20);
    expect(config.kafka.maxBufferedBytes).toBe(64 << 20);
  });

  it.each(['1gb', '1.5mb', 'big', '-1'])('refuses size %p', (raw) => {
    expect(configError({ env: { HALONG_API_BODY_LIMIT: raw } }).problems).toEqual([
      `HALONG_API_BODY_LIMIT: "${raw}" is not a size (e.g. 1048576, 512kb, 1mb)`,
    ]);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['No', false],
    [' off ', false],
  ])('reads boolean %p as %p', (raw, value) => {
    expect(loadConfig({ env: { HALONG_KAFKA_SSL: raw } }).kafka.ssl).toBe(value);
  });

  it.each(['maybe', 'y', '2', 'enabled'])('refuses boolean %p', (raw) => {
    expect(configError({ env: { HALONG_KAFKA_SSL: raw } }).problems).toEqual([`HALONG_KAFKA_SSL: "${raw}" is not a boolean (true/false)`]);
  });

  it('accepts http and https OpenSearch URLs and drops trailing slashes', () => {
    expect(loadConfig({ env: { HALONG_OPENSEARCH_URL: 'https://os.example.org:9200/' } }).opensearch.url).toBe('https://os.example.org:9200');
    expect(loadConfig({ env: { HALONG_OPENSEARCH_URL: ' http://10.0.0.5:9200// ' } }).opensearch.url).toBe('http://10.0.0.5:9200');
  });

  it('checks the protocol of each URL setting', () => {
    expect(configError({ env: { HALONG_OPENSEARCH_URL: 'mqtts://x:8883' } }).problems).toEqual([
      'HALONG_OPENSEARCH_URL: "mqtts://x:8883" must use http: or https:',
    ]);
    expect(configError({ env: { HALONG_MQTT_URL: 'https://broker:8883' } }).problems).toEqual([
      'HALONG_MQTT_URL: "https://broker:8883" must use mqtt: or mqtts:',
    ]);
    expect(loadConfig({ env: { HALONG_MQTT_URL: 'mqtt://broker:1883' } }).mqtt.url).toBe('mqtt://broker:1883');
  });

  it('refuses what is not a URL', () => {
    expect(configError({ env: { HALONG_OPENSEARCH_URL: 'localhost:9200:x' } }).problems[0]).toMatch(/^HALONG_OPENSEARCH_URL: /);
    expect(configError({ env: { HALONG_OPENSEARCH_URL: 'not a url' } }).problems).toEqual(['HALONG_OPENSEARCH_URL: "not a url" is not a URL']);
  });

  it('splits the broker list on commas and trims each broker', () => {
    expect(loadConfig({ env: { HALONG_KAFKA_BROKERS: 'k1:9092, k2.example.org:9093,,10.0.0.3:19092 ' } }).kafka.brokers).toEqual([
      'k1:9092',
      'k2.example.org:9093',
      '10.0.0.3:19092',
    ]);
    expect(loadConfig({ env: { HALONG_KAFKA_BROKERS: '[::1]:9092' } }).kafka.brokers).toEqual(['[::1]:9092']);
  });

  it('refuses a broker without a port and an empty list', () => {
    expect(configError({ env: { HALONG_KAFKA_BROKERS: 'k1:9092,k2' } }).problems).toEqual(['HALONG_KAFKA_BROKERS: "k2" is not host:port']);
    expect(configError({ env: { HALONG_KAFKA_BROKERS: 'k1:port' } }).problems).toEqual(['HALONG_KAFKA_BROKERS: "k1:port" is not host:port']);
    expect(configError({ env: { HALONG_KAFKA_BROKERS: ' , ' } }).problems).toEqual(['HALONG_KAFKA_BROKERS: must list at least one host:port']);
  });

  it('keeps the topic prefix as given (it may be empty)', () => {
    expect(loadConfig({ env: { HALONG_TOPIC_PREFIX: 'ci-42' } }).topicPrefix).toBe('ci-42');
  });
});

describe('loadConfig cross checks', () => {
  it('refuses an API certificate without its key, and a key without its certificate', () => {
    expect(configError({ env: { HALONG_API_TLS_CERT_FILE: '/etc/halong/api.pem' } }).problems).toEqual([
      'HALONG_API_TLS_CERT_FILE / HALONG_API_TLS_KEY_FILE: set both or neither',
    ]);
    expect(configError({ env: { HALONG_API_TLS_KEY_FILE: '/etc/halong/api.key' } }).problems).toEqual([
      'HALONG_API_TLS_CERT_FILE / HALONG_API_TLS_KEY_FILE: set both or neither',
    ]);
  });

  it('accepts an API certificate with its key', () => {
    const config = loadConfig({ env: { HALONG_API_TLS_CERT_FILE: '/c.pem', HALONG_API_TLS_KEY_FILE: '/k.pem' } });
    expect(config.api.tlsCertFile).toBe('/c.pem');
    expect(config.api.tlsKeyFile).toBe('/k.pem');
  });

  it('pairs OpenSearch and Kafka client certificates with their keys, and OpenSearch users with passwords', () => {
    expect(configError({ env: { HALONG_OPENSEARCH_CERT_FILE: '/c.pem' } }).problems).toEqual([
      'HALONG_OPENSEARCH_CERT_FILE / HALONG_OPENSEARCH_KEY_FILE: set both or neither',
    ]);
    expect(configError({ env: { HALONG_OPENSEARCH_USERNAME: 'admin' } }).problems).toEqual([
      'HALONG_OPENSEARCH_USERNAME / HALONG_OPENSEARCH_PASSWORD: set both or neither',
    ]);
    expect(configError({ env: { HALONG_KAFKA_KEY_FILE: '/k.pem' } }).problems).toEqual([
      'HALONG_KAFKA_CERT_FILE / HALONG_KAFKA_KEY_FILE: set both or neither',
    ]);
  });

  it('refuses a SASL mechanism without user and password', () => {
    const expected = ['HALONG_KAFKA_SASL_MECHANISM: needs HALONG_KAFKA_SASL_USERNAME and HALONG_KAFKA_SASL_PASSWORD'];
    expect(configError({ env: { HALONG_KAFKA_SASL_MECHANISM: 'scram-sha-512' } }).problems).toEqual(expected);
    expect(configError({ env: { HALONG_KAFKA_SASL_MECHANISM: 'plain', HALONG_KAFKA_SASL_USERNAME: 'u' } }).problems).toEqual(expected);
    expect(configError({ env: { HALONG_KAFKA_SASL_MECHANISM: 'plain', HALONG_KAFKA_SASL_PASSWORD: 'p' } }).problems).toEqual(expected);
  });

  it('accepts SASL with user and password', () => {
    const config = loadConfig({
      env: { HALONG_KAFKA_SASL_MECHANISM: 'scram-sha-256', HALONG_KAFKA_SASL_USERNAME: 'u', HALONG_KAFKA_SASL_PASSWORD: 'p' },
    });
    expect(config.kafka).toMatchObject({ saslMechanism: 'scram-sha-256', saslUsername: 'u', saslPassword: 'p' });
  });

  it('refuses the same port twice for a managed engine', () => {
    expect(configError({ env: { HALONG_OPENSEARCH_TRANSPORT_PORT: '9200' } }).problems).toEqual([
      'HALONG_OPENSEARCH_TRANSPORT_PORT: must differ from HALONG_OPENSEARCH_PORT',
    ]);
    expect(configError({ env: { HALONG_KAFKA_PORT: '9093' } }).problems).toEqual(['HALONG_KAFKA_CONTROLLER_PORT: must differ from HALONG_KAFKA_PORT']);
  });

  it('refuses the API and the gateway on one port', () => {
    expect(configError({ env: { HALONG_GATEWAY_PORT: '8443' } }).problems).toEqual(['HALONG_GATEWAY_PORT: must differ from HALONG_API_PORT']);
  });

  it('does not compare managed-engine ports when the engine is external', () => {
    const config = loadConfig({
      env: {
        HALONG_OPENSEARCH_URL: 'https://os:9200',
        HALONG_OPENSEARCH_TRANSPORT_PORT: '9200',
        HALONG_KAFKA_BROKERS: 'k:9092',
        HALONG_KAFKA_CONTROLLER_PORT: '9092',
      },
    });
    expect(config.opensearch.transportPort).toBe(9200);
    expect(config.kafka.controllerPort).toBe(9092);
  });

  it('reports every cross-check problem at once', () => {
    const err = configError({
      env: { HALONG_API_TLS_KEY_FILE: '/k', HALONG_KAFKA_SASL_MECHANISM: 'plain', HALONG_KAFKA_CONTROLLER_PORT: '9092' },
    });
    expect(err.problems).toHaveLength(3);
  });
});

describe('loadConfig config file', () => {
  const yaml = [
    'logLevel: warn',
    'api:',
    '  port: 9443',
    '  bodyLimitBytes: 2mb',
    'kafka:',
    '  brokers:',
    '    - k1:9092',
    '    - k2:9092',
    '  ssl: true',
    '  lingerMs: 50ms',
    'opensearch:',
    '  url: https://os.example.org:9200',
    '  requestTimeoutMs: 10s',
    'retentionDays: 14',
    '',
  ].join('\n');

  it('reads nested settings from a YAML file', () => {
    const read = jest.fn(files({ '/etc/halong.yaml': yaml }));
    const config = loadConfig({ env: { HALONG_CONFIG_FILE: '/etc/halong.yaml' }, readFile: read });
    expect(read).toHaveBeenCalledWith('/etc/halong.yaml');
    expect(config.configFile).toBe('/etc/halong.yaml');
    expect(config.logLevel).toBe('warn');
    expect(config.api.port).toBe(9443);
    expect(config.api.bodyLimitBytes).toBe(2 << 20);
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.kafka.ssl).toBe(true);
    expect(config.kafka.lingerMs).toBe(50);
    expect(config.opensearch.url).toBe('https://os.example.org:9200');
    expect(config.opensearch.requestTimeoutMs).toBe(10_000);
    expect(config.retentionDays).toBe(14);
    // Untouched settings keep their defaults.
    expect(config.gateway.port).toBe(DefaultPorts.gateway);
  });

  it('reads the same settings from a JSON file', () => {
    const json = JSON.stringify({ api: { port: 9443, host: '0.0.0.0' }, kafka: { brokers: 'a:1,b:2', partitions: 6 }, topicPrefix: 'lab' });
    const config = loadConfig({ env: { HALONG_CONFIG_FILE: '/etc/halong.json' }, readFile: files({ '/etc/halong.json': json }) });
    expect(config.api.port).toBe(9443);
    expect(config.api.host).toBe('0.0.0.0');
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.kafka.partitions).toBe(6);
    expect(config.topicPrefix).toBe('lab');
  });

  it('lets the environment win over the file', () => {
    const config = loadConfig({
      env: { HALONG_CONFIG_FILE: '/h.yaml', HALONG_API_PORT: '7000', HALONG_LOG_LEVEL: 'error' },
      readFile: files({ '/h.yaml': yaml }),
    });
    expect(config.api.port).toBe(7000);
    expect(config.logLevel).toBe('error');
    expect(config.retentionDays).toBe(14);
  });

  it('uses the file value when the variable is empty', () => {
    const config = loadConfig({ env: { HALONG_CONFIG_FILE: '/h.yaml', HALONG_API_PORT: '' }, readFile: files({ '/h.yaml': yaml }) });
    expect(config.api.port).toBe(9443);
  });

  it('does not read a file when HALONG_CONFIG_FILE is unset', () => {
    const read = jest.fn(() => 'api: {port: 1}');
    expect(loadConfig({ env: {}, readFile: read }).api.port).toBe(DefaultPorts.api);
    expect(read).not.toHaveBeenCalled();
  });

  it('treats a key with no value in the file as unset, not as the text "null"', () => {
    const config = loadConfig({ env: { HALONG_CONFIG_FILE: '/h.yaml' }, readFile: files({ '/h.yaml': 'topicPrefix:\napi:\n  port:\n' }) });
    expect(config.topicPrefix).toBe('');
    expect(config.api.port).toBe(DefaultPorts.api);
  });

  it('reports an unknown key in the file with its full path', () => {
    const err = configError({
      env: { HALONG_CONFIG_FILE: '/h.yaml' },
      readFile: files({ '/h.yaml': 'api:\n  port: 9443\n  prot: 1\nkafak:\n  port: 1\n' }),
    });
    expect(err.problems).toEqual(['api.prot in /h.yaml: unknown setting', 'kafak.port in /h.yaml: unknown setting']);
  });

  it('reports a bad value in the file with its path and the file name', () => {
    const err = configError({ env: { HALONG_CONFIG_FILE: '/h.json' }, readFile: files({ '/h.json': '{"api": {"port": "eighty"}}' }) });
    expect(err.problems).toEqual(['api.port in /h.json: "eighty" is not a port number (1-65535)']);
  });

  it('does not report a bad file value that the environment overrides', () => {
    const config = loadConfig({
      env: { HALONG_CONFIG_FILE: '/h.json', HALONG_API_PORT: '8000' },
      readFile: files({ '/h.json': '{"api": {"port": "eighty"}}' }),
    });
    expect(config.api.port).toBe(8000);
  });

  it('reports a file it cannot read, with one line', () => {
    const err = configError({ env: { HALONG_CONFIG_FILE: '/missing.yaml' }, readFile: files({}) });
    expect(err.problems).toEqual([`HALONG_CONFIG_FILE: cannot read /missing.yaml: ENOENT: no such file or directory, open '/missing.yaml'`]);
  });

  it('reports a file that is not valid YAML or JSON', () => {
    const err = configError({ env: { HALONG_CONFIG_FILE: '/bad.json' }, readFile: files({ '/bad.json': '{"api": {"port": 1' }) });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^HALONG_CONFIG_FILE: cannot read \/bad\.json: /);
    expect(err.problems[0]).not.toContain('\n');
  });

  it('reports a file that is not a mapping', () => {
    expect(configError({ env: { HALONG_CONFIG_FILE: '/l.yaml' }, readFile: files({ '/l.yaml': '- a\n- b\n' }) }).problems).toEqual([
      'HALONG_CONFIG_FILE: /l.yaml must hold a mapping of settings',
    ]);
    expect(configError({ env: { HALONG_CONFIG_FILE: '/s.yaml' }, readFile: files({ '/s.yaml': 'just words' }) }).problems).toEqual([
      'HALONG_CONFIG_FILE: /s.yaml must hold a mapping of settings',
    ]);
  });

  it('accepts an empty file', () => {
    expect(loadConfig({ env: { HALONG_CONFIG_FILE: '/e.yaml' }, readFile: files({ '/e.yaml': '' }) }).api.port).toBe(DefaultPorts.api);
  });

  it('runs the cross checks on values from the file too', () => {
    const err = configError({ env: { HALONG_CONFIG_FILE: '/h.yaml' }, readFile: files({ '/h.yaml': 'api:\n  tlsCertFile: /c.pem\n' }) });
    expect(err.problems).toEqual(['HALONG_API_TLS_CERT_FILE / HALONG_API_TLS_KEY_FILE: set both or neither']);
  });
});

describe('opensearchUrl and kafkaBrokers', () => {
  const base = (): HalongConfig => loadConfig({ env: {} });

  it('point at the managed engines on loopback by default', () => {
    expect(opensearchUrl(base())).toBe('http://127.0.0.1:9200');
    expect(kafkaBrokers(base())).toEqual(['127.0.0.1:9092']);
  });

  it('follow the managed engine ports', () => {
    const config = loadConfig({ env: { HALONG_OPENSEARCH_PORT: '19200', HALONG_KAFKA_PORT: '19092' } });
    expect(opensearchUrl(config)).toBe('http://127.0.0.1:19200');
    expect(kafkaBrokers(config)).toEqual(['127.0.0.1:19092']);
  });

  it('return the external cluster when one is configured', () => {
    const config = loadConfig({ env: { HALONG_OPENSEARCH_URL: 'https://search.example:443/', HALONG_KAFKA_BROKERS: 'b1:9093,b2:9093' } });
    expect(opensearchUrl(config)).toBe('https://search.example:443');
    expect(kafkaBrokers(config)).toEqual(['b1:9093', 'b2:9093']);
  });
});

describe('HALONG_COLLECTOR_QUARANTINE_MAX', () => {
  it('is unset by default, so the spool derives its bound from its own size', () => {
    expect(loadConfig({ env: {} }).collector.quarantineMaxBytes).toBeUndefined();
  });

  it('takes a size', () => {
    expect(loadConfig({ env: { HALONG_COLLECTOR_QUARANTINE_MAX: '4mb' } }).collector.quarantineMaxBytes).toBe(4 << 20);
    expect(loadConfig({ env: { HALONG_COLLECTOR_QUARANTINE_MAX: '0' } }).collector.quarantineMaxBytes).toBe(0);
  });

  it('names the setting when the value is not a size', () => {
    expect(configError({ env: { HALONG_COLLECTOR_QUARANTINE_MAX: 'lots' } }).message).toMatch(/HALONG_COLLECTOR_QUARANTINE_MAX/);
  });
});
