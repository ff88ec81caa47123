import type { HalongConfig } from '@halong/core/node';
import { createKafka, createLogger, createMetrics } from '@halong/core/node';
import { startStandaloneGateway } from '@halong/policy-engine';
import type { Output } from '../output';
import { HALONG_VERSION } from '../version';

/**
 * `halong gateway`: the identity-aware reverse proxy as its own process, deciding with the policy
 * engine at HALONG_POLICY_ENGINE_URL. Runs until SIGINT/SIGTERM.
 */
export async function gatewayCommand(config: HalongConfig, io: Output, signal?: AbortSignal): Promise<number> {
  const logger = createLogger('halong-gateway', config.logLevel);
  const gateway = await startStandaloneGateway({ config, logger, kafka: createKafka(config, logger), version: HALONG_VERSION, metrics: createMetrics() });
  io.out(`Halong gateway is up on ${config.api.host}:${config.gateway.port} as ${gateway.identity().spiffeId}, asking ${config.policy.engineUrl}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  await gateway.close();
  io.out('Halong gateway stopped.');
  return 0;
}
