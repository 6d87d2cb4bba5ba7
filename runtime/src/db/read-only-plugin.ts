import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { ReadOnlyDatabaseError } from './errors.ts';

const WRITE_NODES: ReadonlyMap<string, string> = new Map([
  ['InsertQueryNode', 'an INSERT'],
  ['UpdateQueryNode', 'an UPDATE'],
  ['DeleteQueryNode', 'a DELETE'],
  ['MergeQueryNode', 'a MERGE'],
  ['CreateTableNode', 'a CREATE TABLE'],
  ['AlterTableNode', 'an ALTER TABLE'],
  ['DropTableNode', 'a DROP TABLE'],
  ['CreateIndexNode', 'a CREATE INDEX'],
  ['DropIndexNode', 'a DROP INDEX'],
]);

/**
 * Rejects every write through Kysely before it reaches the driver. A secondary's main database
 * is a replica of the primary's; writing to it would fail at scale and corrupt the embedded default.
 * Raw SQL (`sql\`…\``) is checked by its leading keyword.
 */
export class ReadOnlyPlugin implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    const operation = WRITE_NODES.get(node.kind) ?? rawWrite(node);
    if (operation) throw new ReadOnlyDatabaseError(operation);
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

function rawWrite(node: RootOperationNode): string | undefined {
  if (node.kind !== 'RawNode') return undefined;
  const text = node.sqlFragments.join(' ').trimStart().toLowerCase();
  const keyword = /^(insert|update|delete|merge|create|alter|drop|truncate)\b/.exec(text)?.[1];
  if (!keyword) return undefined;
  return `${/^[aeiou]/.test(keyword) ? 'an' : 'a'} ${keyword.toUpperCase()}`;
}
