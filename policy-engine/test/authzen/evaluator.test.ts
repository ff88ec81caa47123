import type { AuthzenEvaluationRequest, Decision } from '@halong/core';
import { AuthzenError, createAuthzenEvaluator } from '../../src/authzen';
import type { Pdp } from '../../src/pdp';
import { fixedClock } from '../pdp/helpers';
import { analystRead, counted, evaluatorFor, socPdp, T0 } from './helpers';

/** Calls fn and returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('createAuthzenEvaluator evaluate', () => {
  it('decides with the PDP and answers in the AuthZEN shape', () => {
    const { evaluator } = evaluatorFor(socPdp());
    const response = evaluator.evaluate(analystRead);
    expect(response).toMatchObject({
      decision: true,
      context: { id: 'd-1', reason_user: { en: 'You can read the alerts of your site.' }, policy_version: 'v7' },
    });
  });

  it('hands the full Decision to onDecision: id, @timestamp from the clock, the request, context and structured reasons', () => {
    const { evaluator, decisions } = evaluatorFor(socPdp());
    const response = evaluator.evaluate({ ...analystRead, context: { ip: '192.0.2.1' } });
    expect(response.decision).toBe(false);
    expect(decisions).toHaveLength(1);
    const logged: Decision = decisions[0]!;
    expect(logged).toMatchObject({
      id: 'd-1',
      '@timestamp': new Date(T0).toISOString(),
      subject: analystRead.subject,
      resource: analystRead.resource,
      action: { name: 'read' },
      context: { ip: '192.0.2.1', now: new Date(T0).toISOString(), risk: 0 },
      decision: false,
      policy_version: 'v7',
    });
    expect(logged.id).toBe(response.context!.id);
    expect(logged.reasons[0]).toMatchObject({ policy_id: 'halong:default-deny', effect: 'deny', kind: 'default-deny' });
    expect(logged.reasons.map((r) => r.reason_admin).join('; ')).toBe(response.context!.reason_admin!['en']);
  });

  it('asks the pdp getter at every evaluation, so a new policy set version applies at once', () => {
    let current: Pdp = socPdp('v7');
    const evaluator = createAuthzenEvaluator({ pdp: () => current, clock: fixedClock });
    expect(evaluator.evaluate(analystRead).context!['policy_version']).toBe('v7');
    current = socPdp('v8');
    expect(evaluator.evaluate(analystRead).context!['policy_version']).toBe('v8');
  });

  it('makes random UUID decision ids unless told otherwise', () => {
    const evaluator = createAuthzenEvaluator({ pdp: socPdp, clock: fixedClock });
    const a = evaluator.evaluate(analystRead).context!.id;
    const b = evaluator.evaluate(analystRead).context!.id;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
  });

  it.each([
    ['a missing subject', { resource: analystRead.resource, action: analystRead.action }, 'subject is required'],
    ['a numeric subject id', { ...analystRead, subject: { type: 'user', id: 42 } }, 'subject.id: expected string'],
    ['an empty resource type', { ...analystRead, resource: { type: '', id: 'x' } }, 'resource.type: expected string length greater or equal to 1'],
    ['properties that are a list', { ...analystRead, subject: { type: 'user', id: 'a', properties: ['x'] } }, 'subject.properties: expected object'],
    ['an action without a name', { ...analystRead, action: {} }, 'action.name is required'],
    ['a context that is a string', { ...analystRead, context: 'now' }, 'context: expected object'],
    ['a body that is not an object', [analystRead], 'the request body: expected object'],
  ])('refuses %s with HALONG_AUTHZEN_INVALID_REQUEST and decides nothing', (_name, body, message) => {
    const pdp = counted(socPdp());
    const { evaluator, decisions } = evaluatorFor(pdp);
    const err = thrown(() => evaluator.evaluate(body as unknown as AuthzenEvaluationRequest));
    expect(err).toBeInstanceOf(AuthzenError);
    expect(err).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', statusCode: 400, message });
    expect(pdp.decide).not.toHaveBeenCalled();
    expect(decisions).toEqual([]);
  });

  it('turns a subject kind the PDP does not know into HALONG_AUTHZEN_INVALID_REQUEST', () => {
    const { evaluator, decisions } = evaluatorFor(socPdp());
    const err = thrown(() => evaluator.evaluate({ ...analystRead, subject: { type: 'robot', id: 'r2' } }));
    expect(err).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'subject.type must be one of user, collector, device, service, got "robot"' });
    expect(decisions).toEqual([]);
  });

  it('lets other PDP failures through untouched (they are internal errors, not bad requests)', () => {
    const broken: Pdp = { version: 'x', size: 0, decide: () => { throw new TypeError('index corrupted'); } };
    const { evaluator } = evaluatorFor(broken);
    const err = thrown(() => evaluator.evaluate(analystRead));
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(AuthzenError);
  });
});
