import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { z } from 'zod';
import { recordChanges, type Changes } from './changes';
import type { RegistryContext } from './context';
import { badInput, conflict, notFound } from './errors';
import { runMutation } from './idempotency';
import { findById } from './loaders';
import type { Reference, ReferencedType } from './references';
import { validate } from './validation';

type Row = ObjectLiteral & { id: string };

export type { Changes } from './changes';

/** `Changes` from ids that may be absent (an optional employer, a national scheme's null). */
export function changed(ids: {
  workers?: (string | null | undefined)[];
  employers?: (string | null | undefined)[];
}): Changes {
  const present = (list: (string | null | undefined)[] = []) =>
    [...new Set(list)].filter((id): id is string => typeof id === 'string');
  return { workers: present(ids.workers), employers: present(ids.employers) };
}

/** Every mutation input may carry an idempotency key. */
type Input = z.ZodType<{ idempotencyKey?: string | null }>;

export interface MutationDefinition<S extends Input, T extends Row, C> {
  /** The Mutation field; also the operation an idempotency key is bound to. */
  name: string;
  /** The input's schema; its first problem is BAD_USER_INPUT naming the field. */
  input: S;
  /**
   * Input fields naming a worker or an employer (`{ workerId: 'Worker' }`), checked with their
   * owning registries before the transaction; absent ones are skipped.
   */
  references?: Partial<Record<keyof z.infer<S> & string, ReferencedType>>;
  /** The change, inside the mutation's transaction; returns the created or changed row. */
  execute: (m: EntityManager, input: z.infer<S>, ctx: C) => Promise<T>;
  /** The row's entity: a replayed idempotency key loads its result from it. */
  entity: EntityTarget<T>;
  /** Whom the change concerns; computed in the same transaction, after `execute`. */
  changes: (result: T, m: EntityManager) => Changes | Promise<Changes>;
}

/** The references an input carries, from the fields that name them. */
function referencesOf(
  input: Record<string, unknown>,
  fields: Partial<Record<string, ReferencedType>>,
): Reference[] {
  return Object.entries(fields).flatMap(([field, type]) => {
    const id = input[field];
    return type && typeof id === 'string' && id !== '' ? [{ type, id, field }] : [];
  });
}

/**
 * A Mutation resolver from its declaration: validate the input, check its references through the
 * federation, then one transaction (idempotent on `idempotencyKey`, also under concurrency, see
 * runMutation) that executes the change and records what it changed in the outbox (kit/changes.ts).
 */
export function mutation<
  S extends Input,
  T extends Row,
  C extends RegistryContext<unknown> = RegistryContext<unknown>,
>(definition: MutationDefinition<S, T, C>) {
  const { name, entity } = definition;
  return async (_: unknown, args: { input: z.input<S> }, ctx: C): Promise<T> => {
    const input: z.infer<S> = validate(definition.input, args.input);
    const references = referencesOf(input as Record<string, unknown>, definition.references ?? {});
    if (references.length > 0) await ctx.references.assertExist(references);
    return runMutation(ctx.db, {
      operation: name,
      input,
      execute: async (m) => {
        const result = await definition.execute(m, input, ctx);
        await recordChanges(m, name, await definition.changes(result, m));
        return result;
      },
      load: (m, id) => findById(m, entity, id),
    });
  };
}

/** A row whose date (an end, a settlement, a decision) is set once. */
export interface CloseOnce<E extends Row> {
  entity: EntityTarget<E>;
  /** The entity's name in NOT_FOUND. */
  type: string;
  /** The input field carrying the row's id, named in NOT_FOUND and CONFLICT. */
  idField: string;
  /** The column set once; the input field of the same name carries it. */
  date: keyof E & string;
  /** The column the date must not precede (BAD_USER_INPUT on `date`). */
  notBefore: keyof E & string;
  /** The CONFLICT message when the row was already closed otherwise. */
  closed: (row: E) => string;
  /** An already-set date may move earlier (a fixed-term employment ending early), never later. */
  mayShorten?: boolean;
}

/** Arrears settled once, on or after the day they arose. */
export function arrearsSettlement<E extends Row & { since: string; settledOn: string | null }>(
  entity: EntityTarget<E>,
  type: string,
): CloseOnce<E> {
  return {
    entity,
    type,
    idField: 'arrearsId',
    date: 'settledOn',
    notBefore: 'since',
    closed: (a) => `Arrears ${a.id} were already settled on ${a.settledOn}`,
  };
}

/**
 * Sets `date` (and any other `values`, such as a decision's outcome) on the row, locked for update.
 * The same values again return the row unchanged; other values on a closed row are CONFLICT; a
 * missing row is NOT_FOUND.
 */
export async function closeOnce<E extends Row>(
  m: EntityManager,
  spec: CloseOnce<E>,
  id: string,
  values: Partial<E>,
): Promise<E> {
  const row = await findById(m, spec.entity, id, { forUpdate: true });
  if (!row) throw notFound(spec.type, id, spec.idField);
  const date = values[spec.date] as string;
  const current = row[spec.date] as string | null;
  if (current !== null) {
    const same = Object.entries(values).every(([k, v]) => row[k] === v);
    if (same) return row;
    if (!(spec.mayShorten && date < current)) throw conflict(spec.closed(row), spec.idField);
  }
  const start = row[spec.notBefore] as string;
  if (date < start) {
    throw badInput(spec.date, `${spec.date}: must not be before ${spec.notBefore} (${start})`);
  }
  Object.assign(row, values);
  return m.save(row);
}
