// Why: each page gets a Content-Security-Policy with a fresh nonce, so only the scripts Next
// renders (which it stamps with that nonce) run: an injected inline script does not.
import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "./server/content-security-policy";

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy); // Next reads the nonce from here while rendering
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // pages only: the API and static files get their fixed headers from next.config.ts
      source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
