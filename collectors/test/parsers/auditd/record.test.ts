import { decodeUntrusted, tokenize } from '../../../src/parsers/auditd/fields';
import { readAuditLine } from '../../../src/parsers/auditd';

const fields = (line: string) => Object.fromEntries(readAuditLine(line)!.fields);

describe('readAuditLine', () => {
  it('reads the header: type, time to the millisecond, serial and an id shared by the event', () => {
    const r = readAuditLine('type=CWD msg=audit(1604996384.965:93777): cwd="/home/wardog"')!;
    expect(r).toMatchObject({ type: 'CWD', time: 1604996384965, serial: 93777, fields: [['cwd', '/home/wardog']] });
    expect(r.node).toBeUndefined();
    expect(readAuditLine('type=EOE msg=audit(1604996384.965:93777): ')!.id).toBe(r.id);
  });

  it('keeps the node in the id: serials are per host', () => {
    const a = readAuditLine('node=web-01 type=EOE msg=audit(1.000:7): ')!;
    const b = readAuditLine('node=web-02 type=EOE msg=audit(1.000:7): ')!;
    expect(a.node).toBe('web-01');
    expect(a.id).not.toBe(b.id);
  });

  it('names the numeric types of the kernel console format', () => {
    expect(readAuditLine('type=1300 audit(1700000000.5:12): arch=c000003e syscall=59')).toMatchObject({ type: 'SYSCALL', time: 1700000000500 });
    expect(readAuditLine('type=1234 msg=audit(1700000000.5:12): x=1')!.type).toBe('1234');
  });

  it('is undefined for a line that is not an audit record', () => {
    for (const line of ['hello', 'type=SYSCALL arch=c000003e', 'msg=audit(1.2:3): type=SYSCALL', 'Nov 10 08:19:44 host sshd[1]: Accepted', 'type=SYSCALL msg=audit(abc:1): x=1']) {
      expect(readAuditLine(line)).toBeUndefined();
    }
  });

  it('decodes hex values of untrusted fields only when the kernel would have had to encode them', () => {
    const f = fields('type=SYSCALL msg=audit(1.000:1): a0=20 comm=6361742074657374 exe="2020" name=cafe key=6B31016B32');
    expect(f['a0']).toBe('20'); // a syscall register, not text
    expect(f['comm']).toBe('cat test'); // a space: hex-encoded by the kernel
    expect(f['exe']).toBe('2020'); // quoted: never encoded
    expect(f['name']).toBe('cafe'); // printable once decoded: the kernel would have quoted it
    expect(f['key']).toBe('k1\x01k2'); // several rule keys joined by 0x01
  });

  it('joins EXECVE arguments split over aN[i] chunks, then decodes them', () => {
    const f = fields('type=EXECVE msg=audit(1.000:1): argc=2 a0="sh" a1_len=24 a1[0]=6563686F2027 a1[1]=68656C6C6F27');
    expect(f).toEqual({ argc: '2', a0: 'sh', a1_len: '24', a1: "echo 'hello'" });
  });

  it('orders chunks by their index, whatever the index', () => {
    expect(fields('type=EXECVE msg=audit(1.000:1): argc=2 a1[1]=68656C6C6F27 a1[0]=6563686F2027 a0[4294967295]="x"')).toMatchObject({ a0: 'x', a1: "echo 'hello'" });
  });

  it('turns the NULs of a process title into spaces', () => {
    expect(fields('type=PROCTITLE msg=audit(1.000:1): proctitle=64640069663D2F6465762F7A65726F00')['proctitle']).toBe('dd if=/dev/zero');
  });

  it("flattens a user-space msg='…', whose values run on over spaces", () => {
    const f = fields(`type=ADD_GROUP msg=audit(1610903553.686:584): pid=2940 uid=0 msg='op=adding group to /etc/group id=1004 exe="/usr/sbin/groupadd" hostname=? res=success'`);
    expect(f).toEqual({ pid: '2940', uid: '0', op: 'adding group to /etc/group', id: '1004', exe: '/usr/sbin/groupadd', res: 'success' });
  });

  it('keeps ENRICHED fields after the 0x1d separator under their uppercase names', () => {
    const f = fields('type=SOCKADDR msg=audit(1.000:1): saddr=0200\x1dSADDR={ saddr_fam=inet laddr=10.0.0.1 lport=80 } UID="root"');
    expect(f).toEqual({ saddr: '0200', SADDR: 'saddr_fam=inet laddr=10.0.0.1 lport=80', UID: 'root' });
  });

  it('reads the verdict of an SELinux AVC, which has no key', () => {
    const f = fields('type=AVC msg=audit(1.000:1): avc:  denied  { read write } for  pid=7 comm="httpd" tclass=file permissive=0');
    expect(f).toMatchObject({ seresult: 'denied', seperms: 'read write', pid: '7', comm: 'httpd' });
  });

  it('drops the values auditd writes for nothing', () => {
    expect(fields('type=USER_LOGIN msg=audit(1.000:1): key=(null) hostname=? tty=(none) mac=')).toEqual({ tty: '(none)' });
  });
});

describe('tokenize and decodeUntrusted', () => {
  it('tells pairs from bare words and notes the quoting', () => {
    expect(tokenize(`user pid=1 a="x y" b='c d' e=f`)).toEqual([
      { kind: 'word', text: 'user' },
      { kind: 'pair', key: 'pid', value: '1', quote: '', enriched: false },
      { kind: 'pair', key: 'a', value: 'x y', quote: '"', enriched: false },
      { kind: 'pair', key: 'b', value: 'c d', quote: "'", enriched: false },
      { kind: 'pair', key: 'e', value: 'f', quote: '', enriched: false },
    ]);
  });

  it('survives unterminated quotes', () => {
    expect(tokenize('a="x y')).toEqual([{ kind: 'pair', key: 'a', value: 'x y', quote: '"', enriched: false }]);
  });

  it('keeps hex that is not valid UTF-8 as written', () => {
    expect(decodeUntrusted('DD')).toBe('DD');
    expect(decodeUntrusted('2F746D702F78C3A92079')).toBe('/tmp/xé y');
  });
});
