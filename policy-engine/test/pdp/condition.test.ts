import type { CompiledCondition, ConditionInput } from '../../src/pdp/condition';
import { compileCondition, isConditionProblem, MAX_CONDITION_LENGTH } from '../../src/pdp/condition';

function compiled(source: string): CompiledCondition {
  const c = compileCondition(source);
  if (isConditionProblem(c)) throw new Error(`${c.code}: ${c.message}`);
  return c;
}

const input: ConditionInput = {
  subject: { type: 'user', id: 'alice', properties: { roles: ['analyst'], site: 'qn-01' } },
  resource: { type: 'alert', id: 'a-1', properties: { site: 'qn-01' } },
  action: { name: 'read', properties: {} },
  context: { ip: '10.20.3.4', risk: 42.5, now: new Date('2025-03-03T03:00:00Z'), device: { managed: true } },
};

describe('CEL conditions', () => {
  it('evaluates conditions over subject, resource, action and context', () => {
    expect(compiled('resource.properties.site == subject.properties.site && "analyst" in subject.properties.roles').evaluate(input)).toBe(true);
    expect(compiled('context.risk < 40').evaluate(input)).toBe(false);
    expect(compiled('action.name == "read" && context.device.managed').evaluate(input)).toBe(true);
  });

  it('offers ipInCidr for one block or a list, IPv4 and IPv6', () => {
    expect(compiled('ipInCidr(context.ip, "10.20.0.0/16")').evaluate(input)).toBe(true);
    expect(compiled('ipInCidr(context.ip, ["192.0.2.0/24", "fd00::/8"])').evaluate(input)).toBe(false);
  });

  it('offers hourIn and dayOfWeekIn over context.now in a time zone', () => {
    expect(compiled('hourIn(context.now, "Asia/Ho_Chi_Minh") == 10').evaluate(input)).toBe(true);
    expect(compiled('dayOfWeekIn(context.now, "Asia/Ho_Chi_Minh") == 1').evaluate(input)).toBe(true);
  });

  it('reports syntax errors with the offset of the bad token', () => {
    const p = compileCondition('context.risk < 50 && && true');
    expect(p).toMatchObject({ code: 'HALONG_POLICY_CEL_SYNTAX', offset: 21 });
  });

  it('refuses unknown variables, non-bool results and overlong expressions at load time', () => {
    expect(compileCondition('process.exit(1) == null')).toMatchObject({ code: 'HALONG_POLICY_CEL_TYPE' });
    expect(compileCondition('1 + 2')).toMatchObject({ code: 'HALONG_POLICY_CEL_TYPE', message: 'condition returns int, not a bool' });
    expect(compileCondition('   ')).toMatchObject({ code: 'HALONG_POLICY_CEL_SYNTAX' });
    const long = Array.from({ length: 400 }, () => 'true').join(' && ');
    expect(long.length).toBeGreaterThan(MAX_CONDITION_LENGTH);
    expect(compileCondition(long)).toMatchObject({ code: 'HALONG_POLICY_CONDITION_TOO_LONG' });
  });

  it('refuses literal CIDR blocks and time zones that cannot work', () => {
    expect(compileCondition('ipInCidr(context.ip, "10.0.0.0/33")')).toMatchObject({ code: 'HALONG_POLICY_INVALID_CIDR', offset: 21 });
    expect(compileCondition('ipInCidr(context.ip, ["10.0.0.0/8", "nope"])')).toMatchObject({ code: 'HALONG_POLICY_INVALID_CIDR' });
    expect(compileCondition('hourIn(context.now, "Mars/Base") > 3')).toMatchObject({ code: 'HALONG_POLICY_INVALID_TIME_ZONE' });
  });

  it('throws at evaluation when data is missing or the result is not a bool', () => {
    expect(() => compiled('context.missing == 1').evaluate(input)).toThrow(/No such key/);
    expect(() => compiled('context.ip').evaluate(input)).toThrow('condition returned string, not a bool');
    expect(() => compiled('ipInCidr(context.ip, resource.properties.site)').evaluate(input)).toThrow(/not a CIDR block/);
  });

  it('caches: the same source compiles to the same object', () => {
    expect(compiled('context.risk < 10')).toBe(compiled('context.risk < 10'));
  });
});
