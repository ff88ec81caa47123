// The edge forwarder: local inputs, disk spool, forwarding to the central ingest over mTLS.
export type { EdgeForwarder, EdgeForwarderOptions } from './start-edge-forwarder';
export { startEdgeForwarder } from './start-edge-forwarder';
export type { UpstreamOptions, UpstreamTls } from './upstream-producer';
export { UpstreamError, createUpstreamProducer } from './upstream-producer';
