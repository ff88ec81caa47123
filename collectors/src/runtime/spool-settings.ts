import type { HalongConfig } from '@halong/core/node';
import type { SpoolOptions } from '../spool';

/** The disk spool's options from Halong's settings; an unset quarantine bound keeps the spool's default. */
export function spoolSettings(c: Pick<HalongConfig['collector'], 'spoolMaxBytes' | 'quarantineMaxBytes'>): SpoolOptions {
  return c.quarantineMaxBytes === undefined ? { maxBytes: c.spoolMaxBytes } : { maxBytes: c.spoolMaxBytes, quarantineMaxBytes: c.quarantineMaxBytes };
}
