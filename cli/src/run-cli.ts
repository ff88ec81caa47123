import { ConfigError, loadConfig } from '@halong/core/node';
import { collectorCommand } from './commands/collector';
import { enginesCommand } from './commands/engines';
import { gatewayCommand } from './commands/gateway';
import { pkiCommand } from './commands/pki';
import { sigmaCommand } from './commands/sigma';
import { startCommand } from './commands/start';
import type { Output } from './output';
import { processOutput } from './output';
import { HALONG_VERSION } from './version';

const HELP = `halong ${HALONG_VERSION} — zero-trust security operations platform

usage: halong <command>
  start                          start engines (if managed) and the platform
  gateway                        the identity-aware gateway alone, asking HALONG_POLICY_ENGINE_URL
  collector --upstream <url>     edge forwarder: local syslog, disk spool, forwarded over mTLS
  engines up|down|status [name]  the local OpenSearch and Kafka
  pki init                       create the Halong CA (also done by the first start)
  sigma check <dir>...           validate and compile Sigma rules; lists what does not compile and why
  sigma test <rule> <events>     run a rule (file or folder) over JSON lines / evtx_dump JSON events
  sigma hunt <rule> --since 7d   run a rule (file or folder) as an OpenSearch query over stored events
  version                        print the version

Settings come from HALONG_* environment variables (see README).`;

/** Runs the halong command; resolves with the process exit code. */
export async function runCli(argv: string[], options: { env?: NodeJS.ProcessEnv; io?: Output; signal?: AbortSignal } = {}): Promise<number> {
  const io = options.io ?? processOutput;
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(HELP);
    return command ? 0 : 2;
  }
  if (command === 'version' || command === '--version') {
    io.out(HALONG_VERSION);
    return 0;
  }
  let config;
  try {
    config = loadConfig({ env: options.env ?? process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      err.problems.forEach((p) => io.err(`halong: ${p}`));
      return 2;
    }
    throw err;
  }
  try {
    switch (command) {
      case 'start':
        return await startCommand(config, io, options.signal);
      case 'gateway':
        return await gatewayCommand(config, io, options.signal);
      case 'collector':
        return await collectorCommand(config, rest, io, options.signal);
      case 'engines':
        return await enginesCommand(config, rest, io);
      case 'sigma':
        return await sigmaCommand(config, rest, io);
      case 'pki':
        return await pkiCommand(config, rest, io);
      default:
        io.err(`halong: unknown command "${command}"\n${HELP}`);
        return 2;
    }
  } catch (err) {
    io.err(`halong: ${(err as Error).message}`);
    return 1;
  }
}
