import { stopTestEngines } from '@halong/infra';

// Stop only what globalSetup started; HALONG_TEST_KEEP_ENGINES=1 keeps them for the next run.
export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __halongStartedEngines?: boolean }).__halongStartedEngines;
  if (started && process.env.HALONG_TEST_KEEP_ENGINES !== '1') await stopTestEngines();
}
