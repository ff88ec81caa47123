import type { HalongConfig } from '@halong/core/node';
import type { EngineName, EngineStatus } from '@halong/infra';
import { downEngines, engineStatus, enginesOptionsFromConfig, upEngines } from '@halong/infra';
import type { Output } from '../output';

const USAGE = 'usage: halong engines up|down|status [opensearch|kafka]';

/** `halong engines up|down|status`: the locally managed OpenSearch and Kafka. */
export async function enginesCommand(config: HalongConfig, args: string[], io: Output): Promise<number> {
  const [action, ...rest] = args;
  const names = rest.length ? (rest as EngineName[]) : undefined;
  if (names?.some((n) => n !== 'opensearch' && n !== 'kafka')) {
    io.err(USAGE);
    return 2;
  }
  const options = enginesOptionsFromConfig(config, (line) => io.err(line));
  switch (action) {
    case 'up': {
      const reports = await upEngines(options, names);
      for (const r of reports) {
        const timing = r.action === 'started' ? ` (jars ${r.downloaded ? 'downloaded' : 'cached'} in ${r.downloadMs} ms, started in ${r.startMs} ms)` : '';
        io.out(`${r.name}: ${r.action === 'started' ? 'started' : 'already running'} at ${r.address}${timing}`);
      }
      return 0;
    }
    case 'down': {
      for (const r of await downEngines(options, names)) io.out(`${r.name}: ${r.result === 'stopped' ? 'stopped' : 'was not running'}`);
      return 0;
    }
    case 'status': {
      const status = await engineStatus(options);
      status.forEach((s) => io.out(formatStatus(s)));
      return status.every((s) => s.healthy) ? 0 : 1;
    }
    default:
      io.err(USAGE);
      return 2;
  }
}

function formatStatus(s: EngineStatus): string {
  const proc = s.running ? `running (pid ${s.pid})` : 'not started by Halong';
  return `${s.name.padEnd(10)} ${s.healthy ? 'healthy' : 'down'.padEnd(7)}  ${proc}  ${s.address}  ${s.detail}  log: ${s.logFile}`;
}
