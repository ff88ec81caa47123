import { createLogger } from '@halong/core/node';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, stream: { write: (msg: string) => void lines.push(JSON.parse(msg) as Record<string, unknown>) } };
}

describe('createLogger', () => {
  it('writes JSON lines naming the service', () => {
    const { lines, stream } = capture();
    createLogger('collector', 'info', stream).info({ count: 3 }, 'started');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, name: 'collector', service: 'collector', count: 3, msg: 'started' });
  });

  it('honours the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger('x', 'warn', stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
    const silent = capture();
    createLogger('x', 'silent', silent.stream).fatal('nothing');
    expect(silent.lines).toHaveLength(0);
  });

  it('defaults to info', () => {
    expect(createLogger('x').level).toBe('info');
  });

  it('never writes passwords, tokens, private keys or credentials of requests', () => {
    const { lines, stream } = capture();
    const logger = createLogger('api', 'info', stream);
    logger.info({ opensearch: { username: 'admin', password: 'hunter2' }, kafka: { saslPassword: 's3cret' }, enrol: { token: 'tok-123' }, tls: { privateKey: 'PEM' } }, 'config');
    logger.info({ req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=1', 'user-agent': 'curl' } } }, 'request');
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 's3cret', 'tok-123', 'PEM', 'abc.def', 'sid=1']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ opensearch: { username: 'admin', password: '[redacted]' }, kafka: { saslPassword: '[redacted]' } });
    expect(lines[1]).toMatchObject({ req: { headers: { authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'curl' } } });
  });

  it('gives children the service and redaction of their parent', () => {
    const { lines, stream } = capture();
    createLogger('api', 'info', stream).child({ component: 'kafkajs' }).warn({ auth: { password: 'p' } }, 'x');
    expect(lines[0]).toMatchObject({ service: 'api', component: 'kafkajs', auth: { password: '[redacted]' } });
  });
});
