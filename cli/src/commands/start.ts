import type { HalongConfig } from '@halong/core/node';
import { createLogger } from '@halong/core/node';
import { enginesOptionsFromConfig, managedEngines, upEngines } from '@halong/infra';
import type { Output } from '../output';
import { startPlatform } from '../platform';
import { checkExternalEngines } from '../preflight';

/**
 * `halong start`: brings up the engines Halong manages (if not running), checks external
 * ones, then runs the platform until SIGINT/SIGTERM. Engines keep running after it stops.
 */
export async function startCommand(config: HalongConfig, io: Output, signal?: AbortSignal): Promise<number> {
  const logger = createLogger('halong', config.logLevel);
  const problems = await checkExternalEngines(config);
  if (problems.length) {
    problems.forEach((p) => io.err(`halong: ${p}`));
    return 2;
  }
  const managed = managedEngines(config);
  if (managed.length) {
    await upEngines(enginesOptionsFromConfig(config, (line) => logger.info(line)), managed);
  }
  const platform = await startPlatform(config, logger);
  io.out(`Halong is up: ${platform.url}/healthz, ${platform.url}/readyz (TLS from the Halong CA: ${config.pki.dir})`);
  if (platform.bootstrapAdmin) {
    io.out(`First start: sign in as "${platform.bootstrapAdmin.username}" with password ${platform.bootstrapAdmin.password} (shown once; set HALONG_ADMIN_PASSWORD to choose it)`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  await platform.close();
  io.out('Halong stopped (engines keep running: `npm run engines -- down` stops them).');
  return 0;
}
