// The collector runtime as `halong start` runs it.
export type { CollectorRuntime, StartCollectorsOptions } from './start-collectors';
export { startCollectors } from './start-collectors';
