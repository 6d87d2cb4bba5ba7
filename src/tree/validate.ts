import { isBinary } from './content.ts';
import { InvalidOutputError, type SyntaxProblem } from './errors.ts';
import type { Tree } from './tree.ts';

const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const JSON_FILE = /\.json$/;

/**
 * Parses every created or updated script and JSON file back, and refuses the whole change
 * (InvalidOutputError, naming each file and position) if one does not parse. Only syntax is
 * checked: type errors depend on the whole host and are the host's type-check's job.
 * The TypeScript parser (ts-morph's bundled compiler) is loaded only when a script changed.
 */
export async function validateChanges(tree: Tree): Promise<void> {
  const problems: SyntaxProblem[] = [];
  for (const change of tree.changes()) {
    if (change.kind === 'DELETE' || isBinary(change.content)) continue;
    const text = change.content.toString('utf8');
    if (SCRIPT.test(change.path)) problems.push(...(await scriptProblems(change.path, text)));
    else if (JSON_FILE.test(change.path)) problems.push(...jsonProblems(change.path, text));
  }
  if (problems.length > 0) throw new InvalidOutputError(problems);
}

async function scriptProblems(path: string, text: string): Promise<SyntaxProblem[]> {
  const { ts } = await import('ts-morph');
  // transpileModule reports syntactic diagnostics only, without resolving imports or types.
  const { diagnostics = [] } = ts.transpileModule(text, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      jsx: ts.JsxEmit.Preserve,
    },
  });
  // The first error only: the ones after it are usually the parser losing its footing.
  return diagnostics
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .slice(0, 1)
    .map((diagnostic) => {
      const position =
        diagnostic.file !== undefined && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : { line: 0, character: 0 };
      return {
        path,
        line: position.line + 1,
        column: position.character + 1,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
      };
    });
}

function jsonProblems(path: string, text: string): SyntaxProblem[] {
  try {
    JSON.parse(text);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ path, line: 1, column: 1, message }];
  }
}
