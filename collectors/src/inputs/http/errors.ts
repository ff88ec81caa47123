// Stable codes of the HTTP ingest, `HALONG_INGEST_<NAME>`, with the HTTP status each answers.

/** Every code the HTTP ingest answers with. */
export const IngestErrorCodes = {
  HALONG_INGEST_BAD_GZIP: { status: 400, message: 'The body says it is gzip but does not decompress.' },
  HALONG_INGEST_TOO_LARGE: { status: 413, message: 'The body, once decompressed, is larger than the configured bound.' },
  HALONG_INGEST_BAD_BULK: { status: 400, message: 'The body is not an Elasticsearch/OpenSearch _bulk request.' },
  HALONG_INGEST_BUSY: { status: 503, message: 'The collector is saturated; retry after the delay given.' },
} as const;

/** One of {@link IngestErrorCodes}. */
export type IngestErrorCode = keyof typeof IngestErrorCodes;

/** A coded ingest error; `statusCode` lets the shared error handler answer it. */
export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly statusCode: number;

  constructor(code: IngestErrorCode, message?: string) {
    super(message ?? IngestErrorCodes[code].message);
    this.name = 'IngestError';
    this.code = code;
    this.statusCode = IngestErrorCodes[code].status;
  }
}
