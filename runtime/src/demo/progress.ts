/** What the demo shows for one replicable at one moment. */
export interface ReplicableProgress {
  readonly replicableName: string;
  readonly title: string;
  /** Registries the secondary tracks. */
  readonly registries: number;
  /** Records on the primary that the secondary should hold. */
  readonly expected: number;
  readonly synced: number;
  readonly verified: number;
  readonly failed: number;
  readonly mismatches: number;
}

export interface ProgressFrame {
  readonly phase: string;
  readonly elapsedMs: number;
  readonly replicables: readonly ReplicableProgress[];
  /** Recent notable happenings, newest last. */
  readonly log: readonly string[];
}

const BAR_WIDTH = 30;

/** `[██████░░░░]  6/10` — a bar of `done` out of `total`. */
export function bar(done: number, total: number, width = BAR_WIDTH): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}`;
}

/** Renders one frame of the live display (plain text; the caller decides how to repaint). */
export function renderFrame(frame: ProgressFrame): string {
  const lines = [
    `geo-runtime demo — ${frame.phase} (${(frame.elapsedMs / 1000).toFixed(1)} s)`,
    '',
  ];
  for (const replicable of frame.replicables) {
    lines.push(`  ${replicable.title}`);
    lines.push(`    synced    ${bar(replicable.synced, replicable.expected)}`);
    lines.push(`    verified  ${bar(replicable.verified, replicable.expected)}`);
    const problems = [
      replicable.failed > 0 ? `${replicable.failed} failed (retrying)` : '',
      replicable.mismatches > 0 ? `${replicable.mismatches} checksum mismatches` : '',
    ].filter(Boolean);
    if (problems.length > 0) lines.push(`    ${problems.join(', ')}`);
  }
  if (frame.log.length > 0) lines.push('', ...frame.log.slice(-6).map((entry) => `  · ${entry}`));
  return lines.join('\n');
}

/**
 * Shows frames on a stream: repainted in place on a terminal, otherwise only when the text
 * changes (so logs and pipes get a readable history, not a flood).
 */
export class ProgressDisplay {
  #previousLines = 0;
  #previousText = '';

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {}

  show(frame: ProgressFrame): void {
    const text = renderFrame(frame);
    if (this.out.isTTY) {
      const clear = this.#previousLines > 0 ? `\x1b[${this.#previousLines}F\x1b[J` : '';
      this.out.write(`${clear}${text}\n`);
      this.#previousLines = text.split('\n').length;
      return;
    }
    const withoutClock = text.replace(/\(\d+\.\d s\)/, '');
    if (withoutClock !== this.#previousText) this.out.write(`${text}\n\n`);
    this.#previousText = withoutClock;
  }
}
