// Child process of http-bench.ts: a real Halong server (createServer + the AuthZEN routes) over a
// PDP with the generated policy set, on 127.0.0.1 and an ephemeral port. A process of its own so
// the client's JSON work does not share the server's event loop, as a PEP and the PDP would not.
// Protocol (JSON lines): {start: {policies, https?, baseline?}} → {ready, port, policies};
// {memory: true} → {memory, decisions}; stdin closed → the server closes and the process exits.
// With `baseline` the route answers a constant allow without a PDP: the floor HTTP itself costs.
import { createLogger, createServer } from '@halong/core/node';
import type { HalongServer } from '@halong/core/node';
import { authzenRoutes, createAuthzenEvaluator } from '../src/authzen/index';
import { createPdp, parsePolicies } from '../src/pdp/index';
import { generatePolicyYaml } from '../test/pdp/generate-policies';
import { onParentMessages, toParent } from './bench-child';
import { memoryNow } from './bench-stats';
import { BENCH_CLOCK_MS } from './pdp-bench';

interface StartMessage {
  policies: number;
  https?: { cert: string; key: string; ca: string };
  baseline?: boolean;
}

let app: HalongServer | undefined;
let decisions = 0;

async function start(o: StartMessage): Promise<void> {
  const parsed = parsePolicies(generatePolicyYaml(o.policies), 'generated.yaml');
  if (parsed.errors.length) throw new Error(`generated policies have problems: ${parsed.errors[0]!.message}`);
  const pdp = createPdp(parsed.policies, { version: 'bench', clock: () => BENCH_CLOCK_MS });
  // Production publishes every decision to the decisions topic from onDecision; counting them keeps
  // the cost of building each Decision record in the measured path.
  const evaluator = createAuthzenEvaluator({ pdp: () => pdp, clock: Date.now, onDecision: () => void decisions++ });
  app = createServer({
    service: 'policy-engine',
    version: 'bench',
    logger: createLogger('policy-engine', 'silent'),
    // The route guard allows everything: this measures the PDP behind HTTP, not the PEP's authentication.
    authorize: async () => null,
    ...(o.https ? { https: { ...o.https, requestCert: true } } : {}),
  });
  let base = '';
  if (o.baseline) {
    app.post('/access/v1/evaluation', { config: { access: 'protected', resource: { type: 'authzen' }, action: 'evaluate' } }, async () => {
      decisions++;
      return { decision: true };
    });
  } else {
    await app.register(authzenRoutes, { evaluator, baseUrl: () => base });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  base = `${o.https ? 'https' : 'http'}://127.0.0.1:${address.port}`;
  toParent({ ready: true, port: address.port, policies: o.baseline ? 0 : pdp.size });
}

onParentMessages(
  async (m) => {
    if (m.start) await start(m.start as StartMessage);
    if (m.memory) toParent({ memory: memoryNow(), decisions });
  },
  async () => {
    await app?.close();
  },
);
