import type { HostLayout } from '../../host/layout.ts';
import type { WiringCheckContext } from '../../wiring/wiring-point.ts';
import type { UploaderException } from './exceptions.ts';

/** Everything the rules of `geo-gen check` read; none of them touches the disk but through here. */
export interface CheckContext extends WiringCheckContext {
  readonly layout: HostLayout;
  readonly exceptions: readonly UploaderException[];
  /** Whether a file (any kind, not only scripts) exists, relative to the host root. */
  readonly exists: (path: string) => boolean;
}
