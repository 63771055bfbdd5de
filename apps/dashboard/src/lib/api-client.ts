"use client";
// Why: every browser request to the API goes through here: the stored token rides along as a
// bearer header, and a refusal (401, 403, 429) becomes a message a user can act on.
import "./zod-without-eval"; // every page imports this module: zod is set up before any page parses

/** One `{ path, message }` issue of the API's error body. */
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly issues: ApiIssue[],
  ) {
    super(
      authMessageOf(status, issues) ??
        (issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ") ||
          `HTTP ${status}`),
    );
  }
}

/** What a user reads for an auth refusal; null for other statuses. */
export function authMessageOf(status: number, issues: ApiIssue[]): string | null {
  const server = issues.map((i) => i.message).join("; ");
  if (status === 401) {
    return storedToken()
      ? `The API token in this browser was refused (${server}). Enter a valid one under “API token” at the top right.`
      : `This dashboard needs an API token. Enter one under “API token” at the top right (ask an admin: gemsweep token create --name NAME --scope read).`;
  }
  if (status === 403)
    return `Your API token does not allow this: ${server}. Ask an admin for a token with that scope.`;
  if (status === 429) return `Refused: ${server}.`;
  return null;
}

const TOKEN_KEY = "gemsweep.apiToken";
/** Fired on window when the stored token changes (pages reload what they show). */
export const TOKEN_CHANGED = "gemsweep:token-changed";
/** Fired on window with `{ status, message }` when the API refuses a request for auth reasons, and with status 0 after one succeeds. */
export const AUTH_REFUSED = "gemsweep:auth-refused";

/** The bearer token the user entered (needed when the server has auth on). */
export function storedToken(): string {
  return typeof window === "undefined" ? "" : (window.localStorage.getItem(TOKEN_KEY) ?? "");
}

export function storeToken(token: string): void {
  if (token) window.localStorage.setItem(TOKEN_KEY, token);
  else window.localStorage.removeItem(TOKEN_KEY);
  window.dispatchEvent(new Event(TOKEN_CHANGED));
}

function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

function announce(status: number, message: string): void {
  if (typeof window !== "undefined")
    window.dispatchEvent(new CustomEvent(AUTH_REFUSED, { detail: { status, message } }));
}

async function errorOf(response: Response): Promise<ApiError> {
  let error: ApiError;
  try {
    const body = (await response.json()) as { errors?: ApiIssue[] };
    error = new ApiError(response.status, body.errors ?? []);
  } catch {
    error = new ApiError(response.status, [{ path: "", message: `HTTP ${response.status}` }]);
  }
  if ([401, 403, 429].includes(response.status)) announce(response.status, error.message);
  return error;
}

/** fetch with the stored token; non-2xx throws ApiError with the server's issues. */
async function apiFetch(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, {
    cache: "no-store",
    ...init,
    headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) },
  });
  if (!response.ok) throw await errorOf(response);
  announce(0, "");
  return response;
}

/** GET a JSON resource of the API. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return (await (await apiFetch(url, signal ? { signal } : {})).json()) as T;
}

/** POST to the API; `body` is sent as-is with `contentType`. An empty answer (204) is undefined. */
export async function postApi<T>(
  url: string,
  body?: string,
  contentType = "application/json",
): Promise<T> {
  const response = await apiFetch(url, {
    method: "POST",
    headers: { "content-type": contentType },
    body: body ?? "",
  });
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Downloads an API resource as a file (with the token, which a plain link cannot send). */
export async function downloadApi(url: string, fallbackName: string): Promise<void> {
  const response = await apiFetch(url, {});
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
