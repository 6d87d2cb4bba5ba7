import type { HostClass } from '../../../analysis/class-index.ts';
import { dataTypeName } from '../../../analysis/data-type-names.ts';
import type { Finding } from '../../../analysis/findings.ts';
import { isTestFile } from '../../../analysis/host-scan.ts';
import { uploaderOfModel } from '../../../analysis/replicators.ts';
import { HOST_CONFIG_FILE } from '../../../host/config.ts';
import type { CheckContext } from '../context.ts';
import { EXCEPTIONS_KEY } from '../exceptions.ts';

/** An uploader the exceptions list silenced, reported so the silence stays visible. */
export interface ExceptedUploader {
  readonly uploader: string;
  readonly reason: string;
  readonly file: string;
  readonly line: number;
}

export interface UploaderVerdicts {
  readonly findings: readonly Finding[];
  readonly excepted: readonly ExceptedUploader[];
}

/**
 * Every concrete uploader must be used by a replicator's blob accessor (`uploaderFor`'s return
 * type, or the replicated model's `uploaderClass`), or be excepted with a reason. Ancestors of a
 * used uploader count as used: they are its base, not storage of their own. An exception that
 * silences nothing is reported too, so the list cannot hide a future uploader of the same name.
 */
export function checkUploaders(context: CheckContext): UploaderVerdicts {
  const { scan, exceptions } = context;
  const replicated = new Set<HostClass>();
  for (const replicator of scan.replicators) {
    for (const uploader of replicator.uploaders) {
      for (const ancestor of scan.classes.lineage(uploader)) replicated.add(ancestor);
    }
  }
  const findings: Finding[] = [];
  const excepted: ExceptedUploader[] = [];
  const used = new Set<string>();
  for (const uploader of scan.uploaders) {
    if (replicated.has(uploader)) continue;
    const exception = exceptions.find((candidate) => candidate.uploader === uploader.name);
    if (exception !== undefined) {
      used.add(exception.uploader);
      excepted.push({
        uploader: uploader.name,
        reason: exception.reason,
        file: uploader.file,
        line: uploader.line,
      });
      continue;
    }
    const dataType = modelNameFor(context, uploader) ?? dataTypeName(uploader.name, 'Uploader');
    findings.push({
      kind: 'uploader-without-replicator',
      file: uploader.file,
      line: uploader.line,
      subject: uploader.name,
      message:
        `${uploader.name} has no replicator: no replicator's uploaderFor() returns it and no ` +
        "replicated model's uploaderClass is it, so its files never reach secondary sites",
      fix:
        `generate a replicator for ${dataType}, or list ${uploader.name} in ${HOST_CONFIG_FILE} ` +
        `"${EXCEPTIONS_KEY}" with a "reason" if it is not replicated on purpose`,
      command: context.command(`replicable ${dataType} --strategy blob`),
    });
  }
  for (const exception of exceptions) {
    if (used.has(exception.uploader)) continue;
    const exists = scan.uploaders.some((uploader) => uploader.name === exception.uploader);
    findings.push({
      kind: 'unused-exception',
      file: HOST_CONFIG_FILE,
      line: exception.line,
      subject: exception.uploader,
      message: exists
        ? `${exception.uploader} is replicated, so its exception silences nothing`
        : `no uploader class named ${exception.uploader} exists, so its exception silences nothing`,
      fix: `remove the ${exception.uploader} entry from "${EXCEPTIONS_KEY}" in ${HOST_CONFIG_FILE}`,
    });
  }
  return { findings, excepted };
}

/** The model that mounts this uploader, whose name `geo-gen replicable` wants. */
function modelNameFor(context: CheckContext, uploader: HostClass): string | undefined {
  const { classes, resolver } = context.scan;
  return classes
    .withRole('model')
    .find(
      (model) => !isTestFile(model.file) && uploaderOfModel(classes, resolver, model) === uploader,
    )?.name;
}
