// Public API of the CEF parser.
export type { CefRecord } from './decode';
export { decodeCef } from './decode';
export type { ExtensionPair } from './extension';
export type { CefHeader } from './header';
export { parseCef } from './parse-cef';
export { CEF_DATASET, CEF_MODULE } from './to-ecs';
