import { Node } from 'ts-morph';
import { propertyValue } from '../../../analysis/registry-field-entry.ts';
import type { CheckContext } from '../context.ts';
import type { Finding } from '../findings.ts';
import { whyUnresolved } from './unresolved.ts';

/** The classes an entry of GEO_NODE_REGISTRY_FIELDS names; each must exist. */
const CLASS_PROPERTIES = ['type', 'resolver'] as const;

/** Every GEO_NODE_REGISTRY_FIELDS entry names a registry type and a resolver that exist. */
export function checkRegistryFieldEntries(context: CheckContext): Finding[] {
  const { scan, registryFields: list } = context;
  const findings: Finding[] = [];
  for (const element of list.elements) {
    if (!Node.isObjectLiteralExpression(element.node)) continue;
    for (const key of CLASS_PROPERTIES) {
      const value = propertyValue(element.node, key);
      if (value === undefined) continue;
      const why = whyUnresolved(scan.resolver.resolveExpression(list.file, value), list.file);
      if (why === undefined) continue;
      findings.push({
        kind: 'graphql-entry-missing',
        file: list.file,
        line: value.getStartLineNumber(),
        subject: value.getText(),
        message: `${list.symbol} uses ${value.getText()} as a ${key}, which ${why}`,
        fix: `restore ${value.getText()}, or take this entry out of ${list.symbol} with its imports`,
      });
    }
  }
  return findings;
}
