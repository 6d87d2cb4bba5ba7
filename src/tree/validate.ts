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
  const texts = new Map<string, string>();
  for (const change of tree.changes()) {
    if (change.kind === 'DELETE' || isBinary(change.content)) continue;
    texts.set(change.path, change.content.toString('utf8'));
  }
  const scripts = new Map([...texts].filter(([path]) => SCRIPT.test(path)));
  const scriptProblem = scripts.size > 0 ? await scriptProblems(scripts) : new Map();
  const problems = [...texts].flatMap(([path, text]) =>
    SCRIPT.test(path)
      ? (scriptProblem.get(path) ?? [])
      : JSON_FILE.test(path)
        ? jsonProblems(path, text)
        : [],
  );
  if (problems.length > 0) throw new InvalidOutputError(problems);
}

/**
 * The syntax errors of scripts: one program over them all, with nothing to resolve and no type
 * checking, asked only for its syntactic diagnostics (what `transpileModule` reports, without
 * its emit, which costs six times the parse).
 */
async function scriptProblems(
  scripts: ReadonlyMap<string, string>,
): Promise<Map<string, SyntaxProblem[]>> {
  const { ts } = await import('../ts-morph.ts');
  const options: import('ts-morph').ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    jsx: ts.JsxEmit.Preserve,
    allowJs: true,
    noLib: true,
    noResolve: true,
    types: [],
  };
  const virtual = (path: string): string => `/${path}`;
  const texts = new Map([...scripts].map(([path, text]) => [virtual(path), text]));
  const host: import('ts-morph').ts.CompilerHost = {
    getSourceFile: (fileName, languageVersion) => {
      const text = texts.get(fileName);
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion);
    },
    getDefaultLibFileName: () => '/lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => texts.has(fileName),
    readFile: (fileName) => texts.get(fileName),
  };
  const program = ts.createProgram({ rootNames: [...texts.keys()], options, host });
  const problems = new Map<string, SyntaxProblem[]>();
  for (const path of scripts.keys()) {
    const source = program.getSourceFile(virtual(path));
    // The first error only: the ones after it are usually the parser losing its footing.
    const first = (source === undefined ? [] : program.getSyntacticDiagnostics(source)).find(
      (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error,
    );
    if (first === undefined) continue;
    const position =
      first.file !== undefined && first.start !== undefined
        ? first.file.getLineAndCharacterOfPosition(first.start)
        : { line: 0, character: 0 };
    problems.set(path, [
      {
        path,
        line: position.line + 1,
        column: position.character + 1,
        message: ts.flattenDiagnosticMessageText(first.messageText, ' '),
      },
    ]);
  }
  return problems;
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
