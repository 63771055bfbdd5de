// Why: a long-lived response (the event stream) must not outlive the token that opened it, so
// its access is checked again every few seconds and the stream ends when it is gone.

const RECHECK_MS = 15_000;

/** `source`, ended (and cancelled) at the first re-check where `stillAllowed` is false. */
export function closedWhenAccessEnds(
  source: ReadableStream<Uint8Array>,
  stillAllowed: () => Promise<boolean>,
  everyMs = RECHECK_MS,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ended = false;
  const end = () => {
    ended = true;
    if (timer) clearInterval(timer);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        void stillAllowed()
          .catch(() => true) // a database hiccup is not a revocation
          .then((allowed) => {
            if (allowed || ended) return;
            end();
            void reader.cancel().catch(() => undefined);
            try {
              controller.close();
            } catch {
              // the client left already
            }
          });
      }, everyMs);
    },
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        chunk = { done: true, value: undefined };
      }
      try {
        if (chunk.done || ended) {
          end();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch {
        // closed by the re-check, or the client left
      }
    },
    cancel() {
      end();
      return reader.cancel().catch(() => undefined);
    },
  });
}
