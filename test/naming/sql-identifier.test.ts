import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { names } from '../../src/naming/names.ts';
import { MAX_IDENTIFIER_BYTES, sqlIdentifier } from '../../src/naming/sql-identifier.ts';

const PREFIX_60 = 'quarterly_compliance_audit_evidence_document_retention_polic';

describe('sqlIdentifier()', () => {
  it('joins its parts and leaves an identifier that fits as it is', () => {
    expect(sqlIdentifier('index', 'cool_widgets', 'on_project_id')).toBe(
      'index_cool_widgets_on_project_id',
    );
    const exactly63 = 'a'.repeat(63);
    expect(sqlIdentifier(exactly63)).toBe(exactly63);
  });

  it('shortens a longer one to 63 bytes: a readable prefix, `_` and 8 hex digits of its hash', () => {
    const full = `index_${PREFIX_60}y_entries_pending_verification`;
    const short = sqlIdentifier(full);
    expect(short).toHaveLength(MAX_IDENTIFIER_BYTES);
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
    expect(short).toBe(`index_quarterly_compliance_audit_evidence_document_ret_${hash}`);
    expect(sqlIdentifier(full)).toBe(short);
  });

  it('gives different identifiers to long names sharing their first 60 characters', () => {
    const one = sqlIdentifier(PREFIX_60, 'y_entry_registry');
    const other = sqlIdentifier(PREFIX_60, 'y_entries_registry');
    expect(one.slice(0, 50)).toBe(other.slice(0, 50));
    expect(one).not.toBe(other);
  });

  it('never lets two data types whose names share 60 characters share an identifier', () => {
    const identifiers = (name: string): string[] => {
      const spelled = names(name);
      const tables = [spelled.tableName, spelled.registryTable, spelled.statesTable];
      const indexes = ['pending_verification', 'failed_verification', 'needs_verification'].flatMap(
        (suffix) => [
          sqlIdentifier('index', spelled.tableName, suffix),
          sqlIdentifier(spelled.registryTable, suffix),
        ],
      );
      return [...tables, spelled.foreignKey, ...indexes];
    };
    const one = identifiers('QuarterlyComplianceAuditEvidenceDocumentRetentionPolicyEntry');
    const other = identifiers('QuarterlyComplianceAuditEvidenceDocumentRetentionPolicyEntryRecord');
    const all = [...one, ...other];
    expect(new Set(all).size).toBe(all.length);
    for (const identifier of all) expect(identifier.length).toBeLessThanOrEqual(63);
  });
});
