// Starts the detection runtime inside Halong: loads the rule set in the background (the API
// comes up at once and answers 503 HALONG_DETECTION_NOT_READY until the rules are compiled),
// then joins the detection and correlation worker groups. Routes mount with `register`.
import type { HalongConfig, HalongServer, Logger, Metrics, OpenSearchClient, runConsumer } from '@halong/core/node';
import { createLagReader } from '@halong/core/node';
import { indexNames, topicName } from '@halong/core';
import { AlertAggregator } from '../alerts/aggregator';
import { detectionRoutes } from '../http/detection-routes';
import type { CorrelationWorker } from './correlation-worker';
import { startCorrelationWorker } from './correlation-worker';
import type { DetectionService, DetectionStatus, RuntimeParts } from './detection-service';
import { createDetectionService } from './detection-service';
import type { DetectionWorker } from './detection-worker';
import { startDetectionWorker } from './detection-worker';
import { DetectionRuntimeError } from './errors';
import { LiveMatcher } from './live-matcher';
import { loadRuleSet } from './load-rule-set';
import { createOpenSearchCheckpointStore } from './opensearch-checkpoints';
import type { Publisher } from './publish';
import { MAX_FUTURE_MS } from './publish';
import { defaultRuleDirs, pipelinePaths } from './rule-sources';
import type { RuleStateChannel } from './rule-state';
import { RuleStates } from './rule-state';

/** Options of {@link startDetection}. */
export interface StartDetectionOptions {
  config: HalongConfig;
  logger: Logger;
  kafka: Parameters<typeof runConsumer>[0]['kafka'];
  client: OpenSearchClient;
  producer: Publisher;
  /** The control channel (rule states travel on it); must have caught up (`ready`). */
  control: RuleStateChannel;
  metrics?: Metrics;
  /** Rule folders; default HALONG_SIGMA_RULE_DIRS, else the SigmaHQ corpus next to the repo. */
  ruleDirs?: readonly string[];
  /** Which workers this process runs (default both). */
  workers?: { detection?: boolean; correlation?: boolean };
}

/** The running detection runtime. */
export interface DetectionRuntime {
  service: DetectionService;
  /** Consumer groups: `<indexPrefix>-detection` (events) and `<indexPrefix>-correlation` (detections). */
  groups: { detection: string; correlation: string };
  /** Resolves when the rules are loaded and the workers joined their groups; rejects if that failed. */
  ready: Promise<void>;
  /** Mounts the rule API on a server built with core's `createServer`. */
  register(app: HalongServer): Promise<void>;
  close(): Promise<void>;
}

/** Name of the index holding worker checkpoints. */
export function detectionStateIndex(indexPrefix: string): string {
  return `${indexPrefix}-detection-state`;
}

/** Starts loading and returns at once; see {@link DetectionRuntime.ready}. */
export function startDetection(o: StartDetectionOptions): DetectionRuntime {
  const { config, logger } = o;
  const abort = new AbortController();
  const groups = { detection: `${config.indexPrefix}-detection`, correlation: `${config.indexPrefix}-correlation` };
  const lag = createLagReader(o.kafka, [
    { group: groups.detection, topic: topicName(config.topicPrefix, 'events') },
    { group: groups.correlation, topic: topicName(config.topicPrefix, 'detections') },
  ]);
  const stops: (() => Promise<void>)[] = [];
  let status: DetectionStatus = { state: 'loading', since: new Date().toISOString() };
  let parts: RuntimeParts | undefined;

  const aggregator = () =>
    new AlertAggregator({ clock: { now: Date.now }, indices: indexNames(config.indexPrefix), dedupWindowMs: config.detection.dedupWindowMs, allowedLatenessMs: config.detection.allowedLatenessMs });
  const stillOpen = () => {
    if (abort.signal.aborted) throw new DetectionRuntimeError('HALONG_DETECTION_ABORTED');
  };

  async function start(): Promise<void> {
    const ruleDirs = o.ruleDirs ?? config.detection.ruleDirs ?? defaultRuleDirs();
    if (!ruleDirs.length) logger.warn('no Sigma rule folder found: set HALONG_SIGMA_RULE_DIRS; detection runs with no rules');
    const loaded = await loadRuleSet({ ruleDirs, pipelinePaths: pipelinePaths(config.detection.pipelineDirs), signal: abort.signal });
    stillOpen();
    const { ruleSet } = loaded;
    const states = new RuleStates(o.control);
    const matcher = new LiveMatcher(ruleSet, states, {
      onRebuilt: (b) => logger.info({ rules: b.rules, ms: Math.round(b.ms) }, 'Sigma matcher built'),
      onRuleError: ({ error }) => logger.warn({ code: error.code }, error.message),
    });
    states.onChange((key, enabled) => {
      logger.info({ rule: key, enabled }, 'Sigma rule state applied; matcher rebuild scheduled');
      matcher.schedule();
    });
    stops.push(async () => matcher.close());
    parts = { loaded, matcher, states };
    logger.info(
      { dirs: ruleDirs, rules: ruleSet.matcherEntries.length, correlations: ruleSet.index.all().length, problems: ruleSet.problems.length, parseMs: Math.round(loaded.parseMs), compileMs: Math.round(loaded.compileMs) },
      'Sigma rules loaded',
    );

    const store = createOpenSearchCheckpointStore(o.client, detectionStateIndex(config.indexPrefix), { replicas: config.opensearch.replicas });
    const common = { kafka: o.kafka, topicPrefix: config.topicPrefix, store, publisher: o.producer, logger, aggregator, ...(o.metrics ? { metrics: o.metrics } : {}) };
    if (o.workers?.detection !== false) {
      const worker: DetectionWorker = await startDetectionWorker({ ...common, group: groups.detection, matcher });
      stops.push(() => worker.stop());
      parts.detection = worker;
      stillOpen();
    }
    if (o.workers?.correlation !== false) {
      const engineOptions = { allowedLatenessMs: config.detection.allowedLatenessMs, maxFutureMs: MAX_FUTURE_MS, clock: { now: Date.now } };
      const worker: CorrelationWorker = await startCorrelationWorker({ ...common, group: groups.correlation, index: ruleSet.index, isEnabled: (k) => states.isEnabled(k), engineOptions });
      stops.push(() => worker.stop());
      parts.correlation = worker;
      stillOpen();
    }
    status = { state: 'ready', since: new Date().toISOString() };
    logger.info({ groups }, 'detection workers running');
  }

  const ready = start();
  ready.catch((err: unknown) => {
    if (abort.signal.aborted) return;
    const code = err instanceof DetectionRuntimeError ? err.code : 'HALONG_DETECTION_NOT_READY';
    status = { state: 'failed', since: new Date().toISOString(), error: { code, message: (err as Error).message } };
    logger.error({ err, code }, 'the detection runtime did not start');
  });

  const service = createDetectionService({
    status: () => status,
    parts: () => parts,
    lag: () => lag.read(),
    history: { client: o.client, indexPattern: indexNames(config.indexPrefix).eventsPattern },
  });
  return {
    service,
    groups,
    ready,
    register: async (app) => {
      await app.register(detectionRoutes, { service });
    },
    async close() {
      abort.abort();
      // Whatever the start got to must be stopped, so wait for it to reach a stopping point.
      await ready.catch(() => undefined);
      // In parallel: a consumer takes up to one fetch wait (5 s) to leave its group.
      await Promise.all(stops.map((stop) => stop().catch((err: unknown) => logger.warn({ err }, 'detection shutdown step failed'))));
      await lag.close();
    },
  };
}
