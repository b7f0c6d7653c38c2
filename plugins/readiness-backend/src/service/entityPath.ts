import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { Request } from 'express';
import { excerpt, textProblem } from './text';

/**
 * The entity ref named by a route's `:kind/:namespace/:name`, lowercased as
 * the catalog compares refs. A segment with control characters, bidi
 * overrides or lone surrogates is a 400 naming it, before any catalog
 * lookup: such a name can never be an entity, and the catalog's own error
 * for it would carry internal addresses. Other names the catalog could
 * not hold are simply not found.
 */
export function entityRefOfPath(req: Request): string {
  for (const segment of ['kind', 'namespace', 'name'] as const) {
    const problem = textProblem(req.params[segment] ?? '', {
      multiline: false,
    });
    if (problem) {
      throw new InputError(`Invalid path: ${segment} ${problem}`);
    }
  }
  const ref = stringifyEntityRef({
    kind: req.params.kind,
    namespace: req.params.namespace,
    name: req.params.name,
  }).toLocaleLowerCase('en-US');
  // A kind or namespace with a separator in it would be read back as
  // another ref, or not at all, by whoever parses the ref next.
  if (/[:/]/.test(req.params.kind) || /[:/]/.test(req.params.namespace)) {
    throw noSuchEntity(ref);
  }
  return ref;
}

/** The 404 for an entity the caller may not see, or that does not exist. */
export function noSuchEntity(ref: string): NotFoundError {
  return new NotFoundError(`No entity ${excerpt(ref, 120)}`);
}
