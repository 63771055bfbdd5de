import { serverContext } from "./server-context";

/**
 * The sweep a route's `{id}` names: a full id, a unique id prefix (>= 4 hex digits) or a name
 * (its newest sweep), resolved by the storage's one resolver. Unknown: 404; ambiguous: 400
 * naming `id` and listing the candidates.
 */
export async function sweepIdOf(ref: string): Promise<string> {
  return (await serverContext().storage.resolveSweep(ref, "id")).id;
}
