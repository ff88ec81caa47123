import { startTestEngines } from '@halong/infra';

// Integration tests need real engines: start private ones unless healthy ones already run.
export default async function globalSetup(): Promise<void> {
  const started = await startTestEngines();
  (globalThis as { __halongStartedEngines?: boolean }).__halongStartedEngines = started;
}
