import type { Output } from '@halong/cli';
import { runCli } from '@halong/cli';

function capture(): Output & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

describe('halong command', () => {
  it('refuses a port that is not a number with one line naming the setting', async () => {
    const io = capture();
    const code = await runCli(['start'], { env: { HALONG_API_PORT: 'eighty' }, io });
    expect(code).toBe(2);
    expect(io.errLines).toEqual(['halong: HALONG_API_PORT: "eighty" is not a port number (1-65535)']);
  });

  it('reports every bad setting, one line each, before touching any engine', async () => {
    const io = capture();
    const code = await runCli(['engines', 'status'], { env: { HALONG_KAFKA_PORT: '70000', HALONG_OPENSEARCH_URL: 'ftp://x', HALONG_LOG_LEVEL: 'loud' }, io });
    expect(code).toBe(2);
    expect(io.errLines).toHaveLength(3);
    expect(io.errLines.join('\n')).toMatch(/HALONG_KAFKA_PORT/);
    expect(io.errLines.join('\n')).toMatch(/HALONG_OPENSEARCH_URL: "ftp:\/\/x" must use http: or https:/);
    expect(io.errLines.join('\n')).toMatch(/HALONG_LOG_LEVEL/);
  });

  it('fails fast, naming HALONG_OPENSEARCH_URL, when the external OpenSearch does not answer', async () => {
    const io = capture();
    const code = await runCli(['start'], { env: { HALONG_OPENSEARCH_URL: 'http://127.0.0.1:59998', HALONG_KAFKA_BROKERS: '127.0.0.1:59997', HALONG_LOG_LEVEL: 'silent' }, io });
    expect(code).toBe(2);
    expect(io.errLines).toHaveLength(2);
    expect(io.errLines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^halong: HALONG_OPENSEARCH_URL: cannot reach OpenSearch at http:\/\/127\.0\.0\.1:59998 \(ECONNREFUSED\)$/),
        expect.stringMatching(/^halong: HALONG_KAFKA_BROKERS: cannot reach Kafka at 127\.0\.0\.1:59997/),
      ]),
    );
  });

  it('prints usage for an unknown command and an unknown engine', async () => {
    const io = capture();
    expect(await runCli(['launch'], { env: {}, io })).toBe(2);
    expect(io.errLines[0]).toMatch(/unknown command "launch"/);
    expect(await runCli(['engines', 'up', 'zookeeper'], { env: {}, io })).toBe(2);
    expect(io.errLines[1]).toMatch(/usage: halong engines/);
  });

  it('prints its version', async () => {
    const io = capture();
    expect(await runCli(['version'], { io })).toBe(0);
    expect(io.outLines[0]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
