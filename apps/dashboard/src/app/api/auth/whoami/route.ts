// Why: the dashboard shows whose token it holds (name and scope) and whether the server needs one.
import { apiHandler } from "@/server/api-handler";
import { authIsOn } from "@/server/request-auth";

export const dynamic = "force-dynamic";

/** The caller as the server resolved it: auth on or off, the token's name, id and scope, the address. */
export const GET = apiHandler("GET /api/auth/whoami", async (_request, _params, caller) => {
  return Response.json({ auth: (await authIsOn()) ? "on" : "off", ...caller });
});
