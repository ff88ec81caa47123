import type { ErrorCode } from '@halong/core';
import { ErrorCodes, HalongError } from '@halong/core';

describe('HalongError', () => {
  it('carries the code, the status of the code and its default message', () => {
    const err = new HalongError('HALONG_API_NOT_FOUND');
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(HalongError);
    expect(err.name).toBe('HalongError');
    expect(err.code).toBe('HALONG_API_NOT_FOUND');
    expect(err.status).toBe(404);
    expect(err.message).toBe('No such route.');
    expect(err.details).toBeUndefined();
    expect(err.cause).toBeUndefined();
  });

  it('takes a custom message, a cause and details', () => {
    const cause = new Error('socket hang up');
    const err = new HalongError('HALONG_ENGINE_UNREACHABLE', 'OpenSearch is down', { cause, details: { engine: 'opensearch' } });
    expect(err.status).toBe(503);
    expect(err.message).toBe('OpenSearch is down');
    expect(err.cause).toBe(cause);
    expect(err.details).toEqual({ engine: 'opensearch' });
  });

  it.each([
    ['HALONG_CONFIG_INVALID', 500],
    ['HALONG_API_BAD_REQUEST', 400],
    ['HALONG_API_PAYLOAD_TOO_LARGE', 413],
    ['HALONG_API_INTERNAL', 500],
    ['HALONG_AUTH_UNAUTHENTICATED', 401],
    ['HALONG_AUTH_FORBIDDEN', 403],
    ['HALONG_SINK_REJECTED', 400],
    ['HALONG_SINK_RETRIES_EXHAUSTED', 503],
    ['HALONG_KAFKA_BUFFER_CLOSED', 503],
  ] as [ErrorCode, number][])('%s answers with HTTP %i', (code, status) => {
    expect(new HalongError(code).status).toBe(status);
  });

  it('has codes of the form HALONG_<AREA>_<NAME>, each with an HTTP error status and a message', () => {
    for (const [code, { status, message }] of Object.entries(ErrorCodes)) {
      expect(code).toMatch(/^HALONG_[A-Z]+_[A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(message.length).toBeGreaterThan(0);
    }
  });
});
