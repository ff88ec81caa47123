// npm run bench -w policy-engine: every policy-engine bench in sequence (in-process PDP, AuthZEN
// over HTTP/HTTPS, JWT verification cached vs uncached, revocation propagation to a second process
// through Kafka), memory after each part, then one summary table. A part that fails is reported
// and the others still run; the exit code is 1 if any failed. A skipped part (no Kafka) is not a failure.
import { cpus, loadavg } from 'node:os';
import type { BenchRow, MemorySnapshot, PartResult } from './bench-stats';
import { exactHeap, fixed, formatMemory, memoryNow } from './bench-stats';
import { runHttpBench } from './http-bench';
import { runJwtBench } from './jwt-bench';
import { runPdpBench } from './pdp-bench';
import { runRevocationBench } from './revocation-bench';

const PARTS: [name: string, run: () => PartResult | Promise<PartResult>][] = [
  ['PDP in-process', runPdpBench],
  ['AuthZEN over HTTP', runHttpBench],
  ['JWT verification', runJwtBench],
  ['Revocation propagation', runRevocationBench],
];

/** A Markdown table; the columns named in `right` (numbers) are right-aligned. */
function table(header: string[], rows: string[][], right: readonly number[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const start = memoryNow();
  console.log(`Halong policy-engine bench — Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), load ${loadavg()[0]!.toFixed(2)}`);
  console.log(`memory at start: ${formatMemory(start)}${exactHeap ? '' : ' (heap approximate: run with --expose-gc)'}\n`);
  const rows: BenchRow[] = [];
  const memory: { label: string; memory: MemorySnapshot }[] = [{ label: 'bench process at start', memory: start }];
  let failed = 0;
  for (const [name, run] of PARTS) {
    try {
      const result = await run();
      rows.push(...result.rows);
      memory.push(...(result.otherMemory ?? []));
    } catch (err) {
      failed++;
      console.log(`${name}: FAILED — ${(err as Error).message}`);
      console.error(err);
      rows.push({ part: name, what: 'FAILED', rate: '', unit: 'µs', note: (err as Error).message.split('\n')[0]! });
    }
    const after = memoryNow();
    memory.push({ label: `bench process after ${name}`, memory: after });
    console.log(`  memory after ${name}: ${formatMemory(after)}\n`);
  }

  const n = (v: number | undefined) => (v === undefined ? '' : fixed(v));
  console.log('Summary');
  console.log(
    table(
      ['Part', 'Run', 'Rate', 'p50', 'p99', 'p99.9', 'Unit', 'Note'],
      rows.map((r) => [r.part, r.what, r.rate, n(r.p50), n(r.p99), n(r.p999), r.unit, r.note ?? '']),
      [2, 3, 4, 5],
    ),
  );
  console.log('');
  console.log(table(['Memory', 'RSS MB', 'Heap used MB'], memory.map((m) => [m.label, fixed(m.memory.rssMb), fixed(m.memory.heapUsedMb)]), [1, 2]));
  return failed ? 1 : 0;
}

// Exit explicitly: kafkajs and keep-alive agents may hold handles after their parts ended.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
