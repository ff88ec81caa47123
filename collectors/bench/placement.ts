// Where the e2e section's processes may run. On this 2-core VM every component competes for the
// same CPU, so the shared-CPU ratio mostly says how much CPU the pipeline takes from OpenSearch.
// Production runs OpenSearch on its own nodes; pinning OpenSearch to one core and everything
// else (this process with the collector and indexer threads, the sender, Kafka, the straight-bulk
// client) to the others gives OpenSearch the same CPU in both runs and asks the other question:
// does the pipeline keep pace with OpenSearch when it has CPU of its own?
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** A CPU placement for a pair of runs, undone afterwards. */
export interface Placement {
  /** What the runs are told, e.g. "OpenSearch on CPU 1; the rest on CPU 0". */
  label: string;
  apply(): void;
  undo(): void;
}

function taskset(cpus: string, pid: number): void {
  // -a: every thread of the process (JVM, worker and libuv threads); new threads inherit.
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * OpenSearch on the last CPU, the rest on the others; undefined when that cannot be done here
 * (one CPU, no taskset, OpenSearch's process unknown, e.g. an engine this run did not start or find).
 */
export function openSearchApart(pids: { kafka?: number; opensearch?: number }): Placement | undefined {
  const n = availableParallelism();
  const opensearch = pids.opensearch;
  if (n < 2 || opensearch === undefined || process.platform !== 'linux' || !hasTaskset()) return undefined;
  const last = String(n - 1);
  const rest = n === 2 ? '0' : `0-${n - 2}`;
  const all = `0-${n - 1}`;
  const others = [process.pid, ...(pids.kafka === undefined ? [] : [pids.kafka])];
  return {
    label: `OpenSearch on CPU ${last}; this process (collector, indexer threads, bulk client), the sender and Kafka on CPU ${rest}`,
    apply() {
      taskset(last, opensearch);
      for (const pid of others) taskset(rest, pid);
    },
    undo() {
      for (const pid of [opensearch, ...others]) {
        try {
          taskset(all, pid);
        } catch {
          // A process that ended has nothing to undo.
        }
      }
    },
  };
}
