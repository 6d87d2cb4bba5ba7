import type { Registry } from '../../registry/registry.ts';

/** The ids of registries, in their order. */
export const ids = (registries: readonly Registry[]) => registries.map((registry) => registry.id);

/** The ids of registries as GraphQL takes and gives them: strings. */
export const idStrings = (registries: readonly Registry[]) => ids(registries).map(String);

/** How many minutes from now a date is (negative once past), NaN without one. */
export const minutesFromNow = (date: Date | null | undefined) =>
  date ? (date.getTime() - Date.now()) / 60_000 : Number.NaN;
