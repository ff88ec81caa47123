import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineStatus, testEnginesOptions, upEngines } from '@halong/infra';

describe('managed engines (the private test instances started by globalSetup)', () => {
  const options = testEnginesOptions();

  it('reports both engines running under its pid files and healthy', async () => {
    const status = await engineStatus(options);
    expect(status.map((s) => [s.name, s.running, s.healthy])).toEqual([
      ['opensearch', true, true],
      ['kafka', true, true],
    ]);
    expect(status[0]!.logFile).toBe(join(options.dataDir, 'opensearch', 'opensearch.log'));
  });

  it('`up` on running engines reuses them instead of starting a second copy', async () => {
    const before = await engineStatus(options);
    const reports = await upEngines({ ...options, log: () => undefined });
    expect(reports.map((r) => r.action)).toEqual(['already_running', 'already_running']);
    expect(reports.map((r) => r.pid)).toEqual(before.map((s) => s.pid));
  });

  it('refuses to start over a port held by a process it did not start, naming the port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(
        upEngines({ ...options, dataDir: join(tmpdir(), `halong-engines-conflict-${process.pid}`), kafka: { ...options.kafka, port }, log: () => undefined }, ['kafka']),
      ).rejects.toThrow(`kafka: port ${port} is already in use by a process Halong did not start`);
    } finally {
      blocker.close();
    }
  });
});
