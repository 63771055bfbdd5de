// Why: code that must run in the server process before it serves a request (Next's hook).

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampPeerAddresses } = await import("./server/peer-address-stamp");
    stampPeerAddresses();
  }
}
