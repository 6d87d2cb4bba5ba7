export type SetBooleanResult =
  { readonly kind: 'changed'; readonly text: string } | { readonly kind: 'unchanged' };

/**
 * Sets a top-level `key: true|false` of a YAML document in place, keeping every other line (and
 * any comment after the value) as it is; appends the key when it is missing. Feature flag
 * definitions are flat mappings, so a line edit is exact where a YAML round trip would reformat.
 */
export function setTopLevelBoolean(text: string, key: string, value: boolean): SetBooleanResult {
  const pattern = new RegExp(
    `^(${escape(key)}[ \\t]*:[ \\t]*)([^#\\r\\n]*?)([ \\t]*(?:#.*)?)$`,
    'm',
  );
  const match = pattern.exec(text);
  const wanted = String(value);
  if (match !== null) {
    if (match[2] === wanted) return { kind: 'unchanged' };
    return { kind: 'changed', text: text.replace(pattern, `$1${wanted}$3`) };
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return { kind: 'changed', text: `${text}${separator}${key}: ${wanted}\n` };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
