import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { GatewayError } from './errors';

/** Passes bytes through until more than `maxBytes` went by, then fails with a 413 error. */
export class BodyLimit extends Transform {
  private seen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      callback(tooLarge(this.maxBytes));
      return;
    }
    callback(null, chunk);
  }
}

/** The 413 error of a route accepting at most `maxBytes`. */
export function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('HALONG_GATEWAY_PAYLOAD_TOO_LARGE', `The request body is larger than the ${maxBytes} bytes this route accepts.`);
}
