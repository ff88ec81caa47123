/**
 * What is revoked, as the verifier reads it: canonical serial numbers (see `normalizeSerialNumber`)
 * and SPIFFE IDs. A `Set`, a `Map` or a `RevocationStore` all fit.
 */
export interface Denylist {
  readonly serials: { has(serial: string): boolean };
  readonly spiffeIds: { has(spiffeId: string): boolean };
}
