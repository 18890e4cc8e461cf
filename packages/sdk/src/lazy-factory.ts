import type { ComponentFactory, CreateContext } from '@genai-otel/component';
import type { AnyComponentFactory } from './registry.js';

/** What the registry and the config loader need to know of a component before it is used. */
export type FactoryHeader = Pick<
  ComponentFactory,
  'kind' | 'type' | 'aliases' | 'signals' | 'connects'
>;

/**
 * A factory whose package is loaded the first time anything beyond its header is asked for: its
 * defaults, schema, validation or `create`, which the config loader asks only of components the
 * YAML names. So a component no config uses costs nothing at start-up (issue 17: `awsemf` and
 * `langsmith` alone were 20 % of `node --import @genai-otel/register`'s start). `load` must be
 * synchronous (`create` is); the sdk uses `importSync`. The header is checked against the loaded
 * factory's own in default-registry.test.ts.
 */
export function lazyFactory(
  header: FactoryHeader,
  load: () => AnyComponentFactory,
): AnyComponentFactory {
  let loaded: AnyComponentFactory | undefined;
  const real = (): AnyComponentFactory => {
    loaded ??= load();
    return loaded;
  };
  return {
    ...header,
    get description() {
      return real().description;
    },
    get schema() {
      return real().schema;
    },
    createDefaultConfig: () => real().createDefaultConfig(),
    validate: (config: unknown) => real().validate?.(config) ?? [],
    create: (config: unknown, ctx: CreateContext) => real().create(config, ctx),
  };
}
