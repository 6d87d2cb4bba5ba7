import type { Node } from 'ts-morph';
import { PatchTargetNotFoundError } from './errors.ts';
import { cut, wholeLines } from './text-span.ts';
import { parseSource } from './typescript-source.ts';

export type RemoveMemberResult =
  { readonly kind: 'removed'; readonly text: string } | { readonly kind: 'absent' };

/**
 * Removes a static property of a class (`static override readonly x = false;`) with the comment
 * block written right above it, found by AST; everything else is left byte for byte.
 */
export async function removeStaticProperty(
  text: string,
  target: { readonly file: string; readonly className: string; readonly member: string },
): Promise<RemoveMemberResult> {
  const source = await parseSource(target.file, text);
  const declaration = source.getClass(target.className);
  if (declaration === undefined) {
    throw new PatchTargetNotFoundError(target.file, target.className, 'no class of that name');
  }
  const property = declaration
    .getProperties()
    .find((candidate) => candidate.isStatic() && candidate.getName() === target.member);
  if (property === undefined) return { kind: 'absent' };
  const [start, end] = wholeLines(text, attachedCommentStart(text, property), property.getEnd());
  return { kind: 'removed', text: cut(text, start, end) };
}

/**
 * Where the comments that belong to a node begin: the block of comments directly above it, up
 * to the first blank line (a comment separated by one is about something else).
 */
export function attachedCommentStart(text: string, node: Node): number {
  let start = node.getStart();
  for (const comment of [...node.getLeadingCommentRanges()].reverse()) {
    const gap = text.slice(comment.getEnd(), start);
    if ((gap.match(/\n/g) ?? []).length > 1) break;
    start = comment.getPos();
  }
  return start;
}
