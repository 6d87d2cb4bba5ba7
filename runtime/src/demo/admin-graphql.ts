import type { ReplicatorClass } from '../replicator/replicator.ts';

/** `PACKAGE_FILE_REGISTRY`: the GraphQL enum value of a replicator's registry class. */
export function registryClassConstant(replicator: ReplicatorClass): string {
  return `${replicator.replicableName.toUpperCase()}_REGISTRY`;
}

/** Runs one GraphQL operation on a site as its administrator; throws with the API's errors. */
export async function adminGraphql(url: string, adminToken: string, query: string): Promise<void> {
  const response = await fetch(`${url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (!response.ok || body.errors?.length) {
    throw new Error(
      `GraphQL ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? ''}`,
    );
  }
}
