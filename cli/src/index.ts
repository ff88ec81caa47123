export type { Output } from './output';
export type { RunningPlatform } from './platform';
export { startPlatform } from './platform';
export { checkExternalEngines } from './preflight';
export { runCli } from './run-cli';
export { HALONG_VERSION } from './version';
