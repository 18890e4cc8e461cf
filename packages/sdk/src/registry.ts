/**
 * The component registry: `kind` + `type` (or an alias) → factory. It is the catalog
 * `@genai-otel/config` validates against, so config never imports a component.
 */

import type { ComponentFactory } from '@genai-otel/component';
import type { ComponentCatalog, ComponentKind } from '@genai-otel/config';

// biome-ignore lint/suspicious/noExplicitAny: factories are heterogeneous in their config type
export type AnyComponentFactory = ComponentFactory<any, any>;

export class ComponentRegistry implements ComponentCatalog {
  readonly #byName = new Map<string, AnyComponentFactory>();
  readonly #factories: AnyComponentFactory[] = [];

  /**
   * Adds a factory under its type and aliases. A name already taken for the same kind is a
   * programming error and throws: a silent override would make a config mean two things.
   */
  register(factory: AnyComponentFactory): this {
    const names = [factory.type, ...(factory.aliases ?? [])];
    for (const name of names) {
      const existing = this.#byName.get(key(factory.kind, name));
      if (existing) {
        throw new Error(
          `${factory.kind} type "${name}" is already registered (by the "${existing.type}" factory)`,
        );
      }
    }
    for (const name of names) this.#byName.set(key(factory.kind, name), factory);
    this.#factories.push(factory);
    return this;
  }

  /** The factory for a type or one of its aliases. */
  get(kind: ComponentKind, type: string): AnyComponentFactory | undefined {
    return this.#byName.get(key(kind, type));
  }

  /** Canonical type names of a kind (aliases excluded), sorted, for "valid values" messages. */
  types(kind: ComponentKind): readonly string[] {
    return this.#factories
      .filter((f) => f.kind === kind)
      .map((f) => f.type)
      .sort();
  }

  /** Every registered factory, in registration order. */
  factories(): AnyComponentFactory[] {
    return [...this.#factories];
  }
}

function key(kind: ComponentKind, type: string): string {
  return `${kind}\u0000${type}`;
}
