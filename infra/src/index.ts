export type { EngineContext, EngineDefinition, EngineName } from './engine-definition';
export type { EngineStatus, EngineUpReport, EnginesOptions } from './engines';
export { downEngines, engineDefinitions, engineStatus, upEngines } from './engines';
export { enginesOptionsFromConfig, managedEngines } from './engines-from-config';
export { kafkaServerProperties } from './kafka-engine';
export { ENGINE_VERSIONS } from './versions';
export { startTestEngines, stopTestEngines, testConfig, testEnginesOptions } from './test-engines';
export type { MosquittoProcess, MosquittoTls } from './mosquitto';
export { MOSQUITTO, spawnMosquitto, writeMosquittoConfig } from './mosquitto';
