// Compiled checks of request bodies with messages that name the field, e.g.
// `evaluations[2].subject.id: expected string`. TypeBox's compiler is used rather than fastify's
// ajv because ajv coerces (`"id": 123` would become "123"), and a PDP must not guess.
import type { TSchema } from '@sinclair/typebox';
import type { ValueError } from '@sinclair/typebox/compiler';
import { TypeCompiler, ValueErrorType } from '@sinclair/typebox/compiler';
import { AuthzenError } from './authzen-errors';

/** Returns why a value does not match, or undefined when it does. */
export type RequestCheck = (value: unknown) => string | undefined;

function pathText(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function literalsOf(schema: TSchema): string[] | undefined {
  const options = (schema as { anyOf?: { const?: unknown }[] }).anyOf;
  if (!options?.every((o) => typeof o.const === 'string')) return undefined;
  return options.map((o) => String(o.const));
}

function describe(e: ValueError): string {
  const where = pathText(e.path) || 'the request body';
  if (e.type === ValueErrorType.ObjectRequiredProperty) return `${where} is required`;
  const literals = literalsOf(e.schema);
  if (literals) return `${where} must be one of ${literals.join(', ')}`;
  return `${where}: ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`;
}

/** Compiles a schema once into a check. */
export function compileCheck(schema: TSchema): RequestCheck {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return undefined;
    const first = compiled.Errors(value).First();
    return first ? describe(first) : 'the request body does not match the AuthZEN schema';
  };
}

/** Throws HALONG_AUTHZEN_INVALID_REQUEST unless the value passes the check. */
export function assertValid(check: RequestCheck, value: unknown): void {
  const problem = check(value);
  if (problem !== undefined) throw new AuthzenError('HALONG_AUTHZEN_INVALID_REQUEST', problem);
}
