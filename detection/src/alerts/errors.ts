/** Stable codes for everything alerting can refuse. */
export type AlertErrorCode =
  /** An aggregator option cannot work as given. */
  | 'HALONG_ALERT_INVALID'
  /** A checkpoint cannot be restored. */
  | 'HALONG_ALERT_SNAPSHOT';

/** A coded alerting error: the code is stable, the message is for humans. */
export class AlertError extends Error {
  readonly code: AlertErrorCode;

  constructor(code: AlertErrorCode, message: string) {
    super(message);
    this.name = 'AlertError';
    this.code = code;
  }
}
