// kill -9 at random moments, reopen, and check that every append that resolved is still there,
// in order, once, intact. The child runs the real module bundled by esbuild (what the jest
// transform uses), so no TypeScript loader is needed in the child.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { openSpool } from '../../src/spool';
import { CRASH_OPTIONS, crashPayload, readAll, removeTempDirs, seededRandom, seqOf, tempDir } from './support/spool-helpers';

// More rounds for a soak run: HALONG_SPOOL_CRASH_ROUNDS=500 npx jest … crash-safety
const ROUNDS = Number(process.env.HALONG_SPOOL_CRASH_ROUNDS ?? 20);

let childScript: string;

beforeAll(() => {
  childScript = join(tempDir(), 'crash-child.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'support', 'crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: childScript,
    logLevel: 'silent',
  });
});

afterAll(removeTempDirs);

interface Report {
  appended: number;
  ackRequested: number;
  acked: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  errors: string[];
}

// Runs the child and kills it `delayMs` after it reports ready (or after spawn, to land in
// recovery), then waits until its stdout is fully read.
function runAndKill(dir: string, first: number, seed: number, delayMs: number, fromSpawn: boolean): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, String(first), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const report: Report = { appended: 0, ackRequested: 0, acked: 0, signal: null, code: null, errors: [] };
    let buffered = '';
    let stderr = '';
    const kill = (): void => {
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    if (fromSpawn) kill();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [kind, value] = line.split(' ');
        if (kind === 'ready' && !fromSpawn) kill();
        else if (kind === 'a') report.appended = Math.max(report.appended, Number(value));
        else if (kind === 'q') report.ackRequested = Math.max(report.ackRequested, Number(value));
        else if (kind === 'k') report.acked = Math.max(report.acked, Number(value));
        else if (kind === 'error') report.errors.push(line);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (stderr) report.errors.push(stderr);
      resolve({ ...report, code, signal });
    });
  });
}

it(`keeps every resolved append, in order, once and intact, across ${ROUNDS} SIGKILLs`, async () => {
  const dir = tempDir();
  const random = seededRandom(20240501);
  let next = 1;
  let appended = 0; // highest seq whose append resolved, over all rounds
  let acked = 0; // highest seq whose acknowledgement resolved
  let ackRequested = 0; // highest seq an acknowledgement was requested for
  let verifiedRecords = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const fromSpawn = round % 5 === 4;
    const report = await runAndKill(dir, next, round, Math.floor(random() * (fromSpawn ? 80 : 150)), fromSpawn);
    expect({ round, errors: report.errors, signal: report.signal }).toEqual({ round, errors: [], signal: 'SIGKILL' });
    appended = Math.max(appended, report.appended);
    acked = Math.max(acked, report.acked);
    ackRequested = Math.max(ackRequested, report.ackRequested);

    const spool = await openSpool(dir, CRASH_OPTIONS);
    const records = await readAll(spool);
    const seqs = records.map(seqOf);
    const corrupt = records.filter((r) => !r.equals(crashPayload(seqOf(r)))).map(seqOf);
    const gaps = seqs.filter((s, i) => i > 0 && s !== seqs[i - 1] + 1);
    const stats = spool.stats();
    await spool.close();

    expect({ round, corrupt, gaps }).toEqual({ round, corrupt: [], gaps: [] });
    if (seqs.length > 0) expect(seqs[0]).toBeGreaterThan(acked); // a durable acknowledgement is never undone
    if (appended > ackRequested) {
      // Records never acknowledged, whose append resolved, must all be there.
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs[0]).toBeLessThanOrEqual(ackRequested + 1);
      expect(seqs[seqs.length - 1]).toBeGreaterThanOrEqual(appended);
    }
    expect(stats).toMatchObject({
      records: records.length,
      bytes: records.reduce((n, r) => n + 12 + r.length, 0),
      quarantinedSegments: 0,
      cursorResets: 0,
    });
    verifiedRecords += records.length;
    next = Math.max(next - 1, seqs[seqs.length - 1] ?? 0, appended, ackRequested) + 1;
  }
  // The kills must have landed while the child was working, or the test proves little.
  expect(appended).toBeGreaterThan(200);
  expect(acked).toBeGreaterThan(0);
  expect(verifiedRecords).toBeGreaterThan(0);
}, 60_000 + ROUNDS * 1000);
