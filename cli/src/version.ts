/** Halong's version, reported by /healthz and `halong version`. */
export const HALONG_VERSION = '0.1.0';
