import { SseParser, type SseEvent } from '@/lib/live/sse-parser';

export const DEFAULT_RETRY_MS = 3_000;
const MAX_RETRY_MS = 30_000;

export interface EventStreamOptions {
  url: string;
  onEvent: (event: SseEvent) => void;
  /** The current access token; no token means signed out, and the stream stops. */
  getToken: () => string | null;
  /** Refreshes the session after a 401; false when it cannot (the stream then stops). */
  refresh: () => Promise<boolean>;
  /** Told when the stream gives up for good (signed out or the session could not be refreshed). */
  onStop?: () => void;
  fetch?: typeof fetch;
  /** The first wait before reconnecting (the server's `retry:` replaces it); doubles while failing. */
  retryMs?: number;
}

export interface EventStream {
  stop: () => void;
  /** The id sent as `Last-Event-ID` on the next reconnect. */
  readonly lastEventId: string | null;
}

/**
 * An SSE client over fetch, since EventSource cannot send the bearer token. It reconnects after
 * errors and closes, sending `Last-Event-ID` so the server replays what was missed.
 */
export function startEventStream(opts: EventStreamOptions): EventStream {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const parser = new SseParser();
  let lastEventId: string | null = null;
  let stopped = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let refreshed = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    controller?.abort();
    if (timer) clearTimeout(timer);
  };

  const giveUp = () => {
    stop();
    opts.onStop?.();
  };

  const schedule = () => {
    if (stopped) return;
    const base = parser.retryMs ?? opts.retryMs ?? DEFAULT_RETRY_MS;
    const wait = Math.min(base * 2 ** Math.min(failures, 4), Math.max(base, MAX_RETRY_MS));
    failures += 1;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, wait);
  };

  const handle = (event: SseEvent) => {
    if (event.id !== null) lastEventId = event.id;
    if (event.event === 'ready') {
      // Connected and caught up: the next failure starts the backoff afresh.
      failures = 0;
      if (lastEventId === null) {
        try {
          const id = (JSON.parse(event.data) as { last_event_id?: unknown }).last_event_id;
          if (typeof id === 'number' || typeof id === 'string') lastEventId = String(id);
        } catch {
          // Not JSON: nothing to resume from.
        }
      }
    }
    opts.onEvent(event);
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const token = opts.getToken();
    if (!token) return giveUp();
    controller = new AbortController();
    parser.reset();
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
    try {
      const response = await doFetch(opts.url, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        // A token that was just refreshed and still refused: the session is over.
        if (refreshed) return giveUp();
        // Another request may have refreshed the session meanwhile; otherwise refresh it here.
        const fresh = opts.getToken() !== token || (await opts.refresh());
        if (!fresh) return giveUp();
        refreshed = true;
        return void connect();
      }
      refreshed = false;
      if (!response.ok || !response.body) {
        schedule();
        return;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of parser.feed(decoder.decode(value, { stream: true }))) {
          if (stopped) return;
          handle(event);
        }
      }
      schedule();
    } catch {
      // A network error or our own abort.
      schedule();
    }
  }

  void connect();
  return {
    stop,
    get lastEventId() {
      return lastEventId;
    },
  };
}
