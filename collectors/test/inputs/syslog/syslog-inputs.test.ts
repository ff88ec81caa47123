// Real sockets and real senders: util-linux `logger` over TCP (octet counting and LF) and UDP,
// and TLS clients holding certificates from a CA made here with openssl (and from another CA).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import type { EcsEvent } from '@halong/core';
import { startSyslogInputs, UNKNOWN_SOURCE_TAG } from '../../../src/inputs/syslog/syslog-inputs';
import type { SyslogInputs, SyslogInputsOptions } from '../../../src/inputs/syslog/syslog-inputs';
import { SourceAllowList } from '../../../src/inputs/syslog/source-allowlist';
import { parseSyslog } from '../../../src/parsers/syslog';
import { ShipperError } from '../../../src/pipeline/errors';

const dir = mkdtempSync(join(tmpdir(), 'syslog-inputs-'));
const pem = (name: string) => readFileSync(join(dir, name));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function makeCa(name: string): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`);
}
function makeLeaf(name: string, ca: string, san: string): void {
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
}

beforeAll(() => {
  makeCa('halong-ca');
  makeCa('rogue-ca');
  makeLeaf('server', 'halong-ca', 'IP:127.0.0.1');
  makeLeaf('edge', 'halong-ca', 'URI:spiffe://halong.local/collector/phu-hoi/edge-01');
  makeLeaf('rogue', 'rogue-ca', 'URI:spiffe://halong.local/collector/phu-hoi/edge-01');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let inputs: SyslogInputs | undefined;
afterEach(async () => {
  await inputs?.close();
  inputs = undefined;
});

async function start(over: Partial<SyslogInputsOptions> = {}, busyFor = 0) {
  const shipped: EcsEvent[] = [];
  let refusals = busyFor;
  const shipper = {
    busy: () => false,
    ship: async (events: readonly EcsEvent[]) => {
      if (refusals-- > 0) throw new ShipperError('HALONG_SHIPPER_BUSY');
      shipped.push(...events);
    },
  };
  inputs = await startSyslogInputs({
    host: '127.0.0.1',
    tcpPort: 0,
    udpPort: 0,
    tls: { port: 0, key: pem('server.key'), cert: pem('server.crt'), ca: pem('halong-ca.crt') },
    allowList: new SourceAllowList([{ cidr: '127.0.0.0/8', site: 'lab', observer: 'lab-servers' }]),
    unknownSources: 'refuse',
    shipper,
    maker: { parse: parseSyslog },
    self: { id: 'spiffe://halong.local/collector/central/col-1' },
    timeZone: 'Asia/Ho_Chi_Minh',
    maxMessageBytes: 2048,
    maxOriginalBytes: 4096,
    busyRetryMs: 10,
    ...over,
  });
  return { shipped, inputs };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const logger = (...args: string[]) => execFileSync('logger', args, { stdio: 'pipe' });

describe('syslog listeners with real senders', () => {
  it('takes RFC 5424 over TCP with octet counting and RFC 3164 over TCP and UDP from logger', async () => {
    const { shipped, inputs: s } = await start();
    logger('--rfc5424', '--tcp', '--octet-count', '-n', '127.0.0.1', '-P', String(s.ports.tcp), '-t', 'portal', '--id=4242', '-p', 'auth.warning', 'login failed for user lan');
    logger('--rfc3164', '--tcp', '-n', '127.0.0.1', '-P', String(s.ports.tcp), '-t', 'sshd', 'Accepted publickey for root');
    logger('--rfc3164', '-d', '-n', '127.0.0.1', '-P', String(s.ports.udp), '-t', 'cron', 'job done');
    await until(() => shipped.length === 3, 'three events');
    const byApp = Object.fromEntries(shipped.map((e) => [String((e.process as { name?: string } | undefined)?.name), e]));
    expect(byApp['portal']).toMatchObject({ message: 'login failed for user lan', process: { pid: 4242 }, log: { syslog: { facility: { name: 'auth' }, severity: { name: 'warning' } } }, labels: { site: 'lab' }, observer: { name: 'lab-servers' } });
    expect(byApp['sshd']).toMatchObject({ message: 'Accepted publickey for root', event: { module: 'syslog' } });
    expect(byApp['cron']!.event.original).toContain('job done');
    expect(new Set(shipped.map((e) => e.event.id)).size).toBe(3);
  });

  it('refuses plain senders outside every range, or tags them when so configured', async () => {
    const refusing = await start({ allowList: new SourceAllowList([{ cidr: '10.0.0.0/8', site: 'elsewhere' }]) });
    try {
      logger('--tcp', '-n', '127.0.0.1', '-P', String(refusing.inputs.ports.tcp), 'hello');
    } catch {
      // logger may notice the reset; either way nothing must be accepted.
    }
    logger('-d', '-n', '127.0.0.1', '-P', String(refusing.inputs.ports.udp), 'hello');
    await until(() => refusing.inputs.stats().refusedConnections === 1 && refusing.inputs.stats().refusedDatagrams === 1, 'the refusals');
    expect(refusing.shipped).toHaveLength(0);
    await refusing.inputs.close();
    const tagging = await start({ allowList: new SourceAllowList([]), unknownSources: 'tag' });
    logger('--tcp', '-n', '127.0.0.1', '-P', String(tagging.inputs.ports.tcp), 'hello');
    await until(() => tagging.shipped.length === 1, 'the tagged event');
    expect(tagging.shipped[0]!.tags).toContain(UNKNOWN_SOURCE_TAG);
    expect(tagging.shipped[0]!.labels?.site).toBeUndefined();
  });

  it('waits, without losing anything, while the shipper is saturated', async () => {
    const { shipped, inputs: s } = await start({}, 5);
    // One connection, two lines: a connection's events keep their order.
    writeFileSync(join(dir, 'lines.txt'), 'first\nsecond\n');
    logger('--tcp', '-n', '127.0.0.1', '-P', String(s.ports.tcp), '-t', 'app', '-f', join(dir, 'lines.txt'));
    await until(() => shipped.length === 2, 'both events after the shipper frees up');
    expect(shipped.map((e) => e.message)).toEqual(['first', 'second']);
  });

  it('takes TLS from a Halong certificate, names its site and identity, and refuses other CAs and no certificate', async () => {
    const { shipped, inputs: s } = await start();
    const send = (cert?: string) =>
      new Promise<'sent' | 'refused'>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: s.ports.tls!, ca: pem('halong-ca.crt'), ...(cert ? { cert: pem(`${cert}.crt`), key: pem(`${cert}.key`) } : {}) }, () => {
          socket.write('<134>1 2026-11-24T09:00:00+07:00 edge-01 fw - - - allowed tcp 10.20.1.5:51515 -> 10.0.0.1:443\n', () => socket.end());
        });
        socket.on('close', () => resolve('sent'));
        socket.on('error', () => resolve('refused'));
      });
    await send('edge');
    await until(() => shipped.length === 1, 'the TLS event');
    expect(shipped[0]).toMatchObject({ '@timestamp': '2026-11-24T02:00:00.000Z', observer: { id: 'spiffe://halong.local/collector/phu-hoi/edge-01', name: 'edge-01' }, labels: { site: 'phu-hoi' } });
    await send('rogue');
    await send(undefined);
    await until(() => s.stats().refusedConnections >= 2, 'both refusals');
    expect(shipped).toHaveLength(1);
  });

  it('cuts a message over the bound and flags it, and keeps serving', async () => {
    const { shipped, inputs: s } = await start({ maxMessageBytes: 100 });
    logger('--rfc3164', '--tcp', '-n', '127.0.0.1', '-P', String(s.ports.tcp), '--size', '4096', '-t', 'big', 'x'.repeat(500));
    logger('--rfc3164', '--tcp', '-n', '127.0.0.1', '-P', String(s.ports.tcp), '-t', 'small', 'ok');
    await until(() => shipped.length === 2, 'both');
    expect(shipped[0]!.tags).toContain('_halong_message_truncated');
    expect(s.stats().truncated).toBe(1);
    expect(shipped[1]!.message).toBe('ok');
  });
});
