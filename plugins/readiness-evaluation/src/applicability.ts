import { Entity } from '@backstage/catalog-model';
import { ReadinessApplicability } from '@readiness/backstage-plugin-readiness-common';

const lower = (values: string[]) =>
  values.map(v => v.toLocaleLowerCase('en-US'));

/** Whether a check with this applicability filter applies to the entity. */
export function appliesTo(
  entity: Entity,
  filter: ReadinessApplicability | undefined,
): boolean {
  if (!filter) {
    return true;
  }
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const matchesOne = (wanted: string[] | undefined, actual: unknown) =>
    !wanted ||
    (typeof actual === 'string' &&
      lower(wanted).includes(actual.toLocaleLowerCase('en-US')));

  if (!matchesOne(filter.kind, entity.kind)) return false;
  if (!matchesOne(filter.type, spec.type)) return false;
  if (!matchesOne(filter.lifecycle, spec.lifecycle)) return false;
  if (filter.tags) {
    const tags = lower(entity.metadata.tags ?? []);
    if (!lower(filter.tags).some(t => tags.includes(t))) return false;
  }
  const annotations = entity.metadata.annotations ?? {};
  if (filter.annotations && !filter.annotations.every(a => a in annotations)) {
    return false;
  }
  if (
    filter.annotationsAny &&
    !filter.annotationsAny.some(a => a in annotations)
  ) {
    return false;
  }
  return true;
}
