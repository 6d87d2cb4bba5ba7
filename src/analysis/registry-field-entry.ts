import { Node } from '../ts-morph.ts';
import type { Names } from '../naming/names.ts';
import { stringValue } from './static-members.ts';

/**
 * Whether an entry of GEO_NODE_REGISTRY_FIELDS is the data type's registries field: its `type`
 * is the registry type class, or its `name` is the field name (`coolWidgetRegistries`).
 */
export function isRegistryFieldFor(entry: Node, names: Names): boolean {
  return (
    Node.isObjectLiteralExpression(entry) &&
    (propertyValue(entry, 'type')?.getText() === names.registryTypeClass ||
      stringValue(propertyValue(entry, 'name')) === names.registriesField)
  );
}

/** The value of `key: value` (or of a shorthand `key`) in an object literal. */
export function propertyValue(entry: Node, key: string): Node | undefined {
  if (!Node.isObjectLiteralExpression(entry)) return undefined;
  const property = entry.getProperty(key);
  if (Node.isPropertyAssignment(property)) return property.getInitializer();
  return Node.isShorthandPropertyAssignment(property) ? property.getNameNode() : undefined;
}
