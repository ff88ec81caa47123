// Stable codes of the collector pipeline, `HALONG_SHIPPER_<NAME>`. Inputs turn BUSY into their
// own backpressure: HTTP 503 with Retry-After, TCP stops reading, UDP sheds and counts.

/** Every code the shipper raises, with what it means. */
export const ShipperErrorCodes = {
  HALONG_SHIPPER_BUSY: 'Too many events are being shipped; retry later.',
  HALONG_SHIPPER_STOPPED: 'The collector is shutting down.',
} as const;

/** One of {@link ShipperErrorCodes}. */
export type ShipperErrorCode = keyof typeof ShipperErrorCodes;

/** A coded error of the shipper. */
export class ShipperError extends Error {
  readonly code: ShipperErrorCode;

  constructor(code: ShipperErrorCode, message?: string) {
    super(message ?? ShipperErrorCodes[code]);
    this.name = 'ShipperError';
    this.code = code;
  }
}
