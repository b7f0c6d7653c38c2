import { ReadinessCollectorError } from '@readiness/backstage-plugin-readiness-node';

/** Collects errors per target and message, with the entities they cost. */
export class ErrorLog {
  private readonly entries = new Map<
    string,
    { target: string; message: string; entityRefs: Set<string> }
  >();

  constructor(private readonly secrets: string[]) {}

  add(target: string, message: string, entityRef?: string) {
    // Belt and braces: no message is built from credentials, but a server
    // could echo a header back, so configured tokens are masked here too.
    const safe = this.secrets.reduce(
      (text, secret) => text.split(secret).join('***'),
      message,
    );
    const key = `${target}\n${safe}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { target, message: safe, entityRefs: new Set() };
      this.entries.set(key, entry);
    }
    if (entityRef) {
      entry.entityRefs.add(entityRef);
    }
  }

  list(): ReadinessCollectorError[] {
    return [...this.entries.values()].map(e => ({
      target: e.target,
      message: e.message,
      ...(e.entityRefs.size > 0
        ? { entityRefs: [...e.entityRefs].sort() }
        : {}),
    }));
  }
}
