import type { AuthzenEvaluationResponse } from '@halong/core';
import type { AuthzenEvaluationsRequest, AuthzenEvaluationsResponse } from '../../src/authzen';
import { AUTHZEN_LIMITS, AuthzenError, createAuthzenEvaluator } from '../../src/authzen';
import { fixedClock } from '../pdp/helpers';
import { analystRead, counted, evaluatorFor, socPdp } from './helpers';

const alert = (id: string, site = 'qn-01') => ({ resource: { type: 'alert', id: `alerts/${site}/${id}`, properties: { site } } });

// Alice's site is qn-01: qn-01 alerts are allowed, qn-02 alerts denied by default.
const batch = (semantic?: string): AuthzenEvaluationsRequest =>
  ({
    subject: analystRead.subject,
    action: { name: 'read' },
    context: { ip: '10.20.1.9' },
    evaluations: [alert('1'), alert('2', 'qn-02'), alert('3'), alert('4', 'qn-02')],
    ...(semantic ? { options: { evaluations_semantic: semantic } } : {}),
  }) as AuthzenEvaluationsRequest;

const outcomes = (r: AuthzenEvaluationsResponse | AuthzenEvaluationResponse): boolean[] =>
  (r as AuthzenEvaluationsResponse).evaluations.map((e) => e.decision);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('createAuthzenEvaluator evaluations', () => {
  it('executes all items by default, in request order, applying the top-level defaults', () => {
    const pdp = counted(socPdp());
    const { evaluator, decisions } = evaluatorFor(pdp);
    const response = evaluator.evaluations(batch());
    expect(Object.keys(response)).toEqual(['evaluations']);
    expect(outcomes(response)).toEqual([true, false, true, false]);
    expect(pdp.decide).toHaveBeenCalledTimes(4);
    expect(pdp.decide.mock.calls[1]![0]).toEqual({ ...analystRead, resource: alert('2', 'qn-02').resource });
    expect(decisions.map((d) => [d.id, d.resource.id, d.decision])).toEqual([
      ['d-1', 'alerts/qn-01/1', true],
      ['d-2', 'alerts/qn-02/2', false],
      ['d-3', 'alerts/qn-01/3', true],
      ['d-4', 'alerts/qn-02/4', false],
    ]);
    expect((response as AuthzenEvaluationsResponse).evaluations.map((e) => e.context!.id)).toEqual(['d-1', 'd-2', 'd-3', 'd-4']);
  });

  it('execute_all named explicitly behaves as the default', () => {
    const pdp = counted(socPdp());
    expect(outcomes(evaluatorFor(pdp).evaluator.evaluations(batch('execute_all')))).toEqual([true, false, true, false]);
    expect(pdp.decide).toHaveBeenCalledTimes(4);
  });

  it('deny_on_first_deny stops after the first deny and decides nothing more', () => {
    const pdp = counted(socPdp());
    const { evaluator, decisions } = evaluatorFor(pdp);
    expect(outcomes(evaluator.evaluations(batch('deny_on_first_deny')))).toEqual([true, false]);
    expect(pdp.decide).toHaveBeenCalledTimes(2);
    expect(decisions).toHaveLength(2);
  });

  it('permit_on_first_permit stops at the first permit', () => {
    const pdp = counted(socPdp());
    const request = { ...batch('permit_on_first_permit'), evaluations: [alert('9', 'qn-02'), alert('1'), alert('3')] };
    expect(outcomes(evaluatorFor(pdp).evaluator.evaluations(request))).toEqual([false, true]);
    expect(pdp.decide).toHaveBeenCalledTimes(2);
  });

  it('runs every item when no short-circuit condition is met', () => {
    const pdp = counted(socPdp());
    const allAllowed = { ...batch('deny_on_first_deny'), evaluations: [alert('1'), alert('3')] };
    expect(outcomes(evaluatorFor(pdp).evaluator.evaluations(allAllowed))).toEqual([true, true]);
    const allDenied = { ...batch('permit_on_first_permit'), evaluations: [alert('1', 'qn-02'), alert('2', 'qn-02')] };
    expect(outcomes(evaluatorFor(pdp).evaluator.evaluations(allDenied))).toEqual([false, false]);
    expect(pdp.decide).toHaveBeenCalledTimes(4);
  });

  it('lets an item override a default as a whole (no merging of objects)', () => {
    const pdp = counted(socPdp());
    const { evaluator } = evaluatorFor(pdp);
    const request: AuthzenEvaluationsRequest = {
      ...batch(),
      evaluations: [{ ...alert('1'), subject: { type: 'user', id: 'bob' } }, { ...alert('1'), context: { ip: '192.0.2.7' } }, { ...alert('1'), action: { name: 'delete' } }],
    };
    expect(outcomes(evaluator.evaluations(request))).toEqual([false, false, false]);
    expect(pdp.decide.mock.calls.map(([r]) => [r.subject.id, r.subject.properties, r.action.name, r.context])).toEqual([
      ['bob', undefined, 'read', { ip: '10.20.1.9' }],
      ['alice', analystRead.subject.properties, 'read', { ip: '192.0.2.7' }],
      ['alice', analystRead.subject.properties, 'delete', { ip: '10.20.1.9' }],
    ]);
  });

  it.each([
    ['absent', undefined],
    ['empty', []],
  ])('treats an %s evaluations array as one evaluation and answers with a single Decision', (_name, evaluations) => {
    const pdp = counted(socPdp());
    const { evaluator, decisions } = evaluatorFor(pdp);
    const response = evaluator.evaluations({ ...analystRead, ...(evaluations ? { evaluations } : {}) });
    expect(response).toMatchObject({ decision: true, context: { id: 'd-1', policy_version: 'v7' } });
    expect(response).not.toHaveProperty('evaluations');
    expect(pdp.decide).toHaveBeenCalledTimes(1);
    expect(decisions).toHaveLength(1);
  });

  it('asks the pdp getter once per batch, so one batch sees one policy set version', () => {
    const pdp = jest.fn(() => socPdp());
    const evaluator = createAuthzenEvaluator({ pdp, clock: fixedClock });
    evaluator.evaluations(batch());
    expect(pdp).toHaveBeenCalledTimes(1);
  });

  it('refuses an item that lacks a required key even after defaults, before deciding anything', () => {
    const pdp = counted(socPdp());
    const { evaluator, decisions } = evaluatorFor(pdp);
    const request = { action: { name: 'read' }, evaluations: [{ ...alert('1'), subject: analystRead.subject }, alert('2')] };
    const err = thrown(() => evaluator.evaluations(request));
    expect(err).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'evaluations[1].subject is required (in the item or as a top-level default)' });
    expect(pdp.decide).not.toHaveBeenCalled();
    expect(decisions).toEqual([]);
  });

  it('refuses a request without items that misses a required key', () => {
    const err = thrown(() => evaluatorFor(socPdp()).evaluator.evaluations({ subject: analystRead.subject, action: { name: 'read' } }));
    expect(err).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'resource is required (in the item or as a top-level default)' });
  });

  it('refuses an unknown semantic and a batch over the limit', () => {
    const { evaluator } = evaluatorFor(socPdp());
    expect(thrown(() => evaluator.evaluations(batch('first_wins')))).toMatchObject({
      code: 'HALONG_AUTHZEN_INVALID_REQUEST',
      message: 'options.evaluations_semantic must be one of execute_all, deny_on_first_deny, permit_on_first_permit',
    });
    const tooMany = { ...batch(), evaluations: Array.from({ length: AUTHZEN_LIMITS.maxEvaluations + 1 }, () => alert('1')) };
    const err = thrown(() => evaluator.evaluations(tooMany));
    expect(err).toBeInstanceOf(AuthzenError);
    expect(err).toMatchObject({ message: 'evaluations: expected array length to be less or equal to 1000' });
  });

  it('answers an item the PDP refuses with a closed decision and its error, and counts it as a deny', () => {
    const pdp = counted(socPdp());
    const { evaluator, decisions } = evaluatorFor(pdp);
    const request = { ...batch('deny_on_first_deny'), evaluations: [alert('1'), { ...alert('1'), subject: { type: 'robot', id: 'r2' } }, alert('3')] };
    const response = evaluator.evaluations(request) as AuthzenEvaluationsResponse;
    expect(response.evaluations).toHaveLength(2);
    expect(response.evaluations[1]).toEqual({
      decision: false,
      context: {
        id: 'd-2',
        error: { status: 400, code: 'HALONG_AUTHZEN_INVALID_REQUEST', message: 'subject.type must be one of user, collector, device, service, got "robot"' },
      },
    });
    // Only real decisions are logged: the refused item never reached a policy.
    expect(decisions.map((d) => d.id)).toEqual(['d-1']);
  });
});
