import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node through the embedded runner with the settings Halong needs.
 * The runner's own main cannot set node roles (it defaults to master+data, no ingest) nor bind
 * ports explicitly, hence this launcher. Run as a single-file source program (java File.java).
 *
 * Args: basePath httpPort transportPort clusterName
 */
public final class HalongOpenSearch {
    public static void main(final String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: HalongOpenSearch <basePath> <httpPort> <transportPort> <clusterName>");
            System.exit(2);
        }
        final String basePath = args[0];
        final String httpPort = args[1];
        final String transportPort = args[2];
        final String clusterName = args[3];
        final OpenSearchRunner runner = new OpenSearchRunner();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println("close failed: " + e);
            }
            stopped.countDown();
        }));
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", httpPort);
            settings.put("transport.port", transportPort);
            settings.put("discovery.type", "single-node");
            settings.putList("node.roles", "cluster_manager", "data", "ingest");
            // A dev/CI disk is often >90% full; watermarks would turn every index read-only.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("action.auto_create_index", "true");
            settings.put("indices.breaker.total.use_real_memory", "false");
        }).build(OpenSearchRunner.newConfigs()
                .basePath(basePath)
                .numOfNode(1)
                .clusterName(clusterName)
                .printOnFailure());
        System.out.println("HALONG_OPENSEARCH_STARTED http=" + httpPort);
        stopped.await();
    }
}
