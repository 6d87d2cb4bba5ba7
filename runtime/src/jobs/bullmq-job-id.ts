// BullMQ refuses custom job ids that look like integers or contain ':' (its key separator), yet
// our ids are like 'registry-sync:42'. Custom ids are stored as 'j.' + the id with '%' and ':'
// percent-encoded: never an integer, never a ':', and reversible. Ids BullMQ made up itself
// (plain numbers, 'repeat:…' for recurring runs) have no 'j.' and are reported as they are.
const CUSTOM_ID_MARK = 'j.';

/** The BullMQ job id for one of our job ids. */
export function toBullMqJobId(id: string): string {
  return CUSTOM_ID_MARK + id.replaceAll('%', '%25').replaceAll(':', '%3A');
}

/** Our job id for a BullMQ job id. */
export function fromBullMqJobId(bullMqId: string): string {
  if (!bullMqId.startsWith(CUSTOM_ID_MARK)) return bullMqId;
  return bullMqId
    .slice(CUSTOM_ID_MARK.length)
    .replace(/%25|%3A/g, (escape) => (escape === '%25' ? '%' : ':'));
}
