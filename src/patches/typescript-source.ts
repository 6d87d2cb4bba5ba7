import type { SourceFile } from 'ts-morph';

/** Parses one file with ts-morph (loaded lazily: it is large and only patches need it). */
export async function parseSource(path: string, text: string): Promise<SourceFile> {
  const { Project } = await import('ts-morph');
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  return project.createSourceFile(path, text, { overwrite: true });
}
