/** Default ports of the contract; each is overridable by a HALONG_* variable. */
export const DefaultPorts = {
  api: 8443,
  gateway: 8444,
  syslogUdp: 5514,
  syslogTcp: 5514,
  syslogTls: 6514,
  opensearch: 9200,
  opensearchTransport: 9300,
  kafka: 9092,
  kafkaController: 9093,
  mqtt: 8883,
} as const;
