import type { SourceFile } from 'ts-morph';

/** Parses one file with ts-morph (loaded lazily: it is large and only patches need it). */
export async function parseSource(path: string, text: string): Promise<SourceFile> {
  const { Project, QuoteKind } = await import('../ts-morph.ts');
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    // Prettier formats the result anyway; single quotes keep unformatted output close to it.
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  return project.createSourceFile(path, text, { overwrite: true });
}
