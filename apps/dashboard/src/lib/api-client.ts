"use client";

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
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ") || `HTTP ${status}`);
  }
}

const TOKEN_KEY = "gemsweep.apiToken";

/** The bearer token the user entered (only needed when the server sets GEMSWEEP_API_TOKEN). */
export function storedToken(): string {
  return typeof window === "undefined" ? "" : (window.localStorage.getItem(TOKEN_KEY) ?? "");
}

export function storeToken(token: string): void {
  if (token) window.localStorage.setItem(TOKEN_KEY, token);
  else window.localStorage.removeItem(TOKEN_KEY);
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { errors?: ApiIssue[] };
    return new ApiError(response.status, body.errors ?? []);
  } catch {
    return new ApiError(response.status, [{ path: "", message: `HTTP ${response.status}` }]);
  }
}

/** GET a JSON resource of the API; non-2xx throws ApiError with the server's issues. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { cache: "no-store", ...(signal ? { signal } : {}) });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** POST to the API with the stored bearer token; `body` is sent as-is with `contentType`. */
export async function postApi<T>(url: string, body?: string, contentType = "application/json"): Promise<T> {
  const headers: Record<string, string> = { "content-type": contentType };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: "POST", headers, body: body ?? "" });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}
