import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEventStream, type EventStream } from '@/lib/live/event-stream';
import type { SseEvent } from '@/lib/live/sse-parser';

/** A response whose body the test writes to, in chunks of its choosing, and then closes. */
function streamingResponse() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    // Bytes of one multi-byte character split over two chunks.
    writeBytes: (bytes: Uint8Array) => controller.enqueue(bytes),
    close: () => controller.close(),
  };
}

interface Call {
  headers: Record<string, string>;
}

describe('startEventStream', () => {
  let stream: EventStream | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    stream?.stop();
    stream = null;
    vi.useRealTimers();
  });

  it('delivers events split across chunks, reconnects after ~3 s with Last-Event-ID', async () => {
    const calls: Call[] = [];
    const bodies = [streamingResponse(), streamingResponse()];
    const fetchMock = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ headers: { ...(init?.headers as Record<string, string>) } });
      const next = bodies[calls.length - 1];
      return next ? Promise.resolve(next.response) : new Promise<Response>(() => {});
    });
    const events: SseEvent[] = [];
    stream = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: (e) => events.push(e),
      getToken: () => 'access-1',
      refresh: () => Promise.resolve(true),
      fetch: fetchMock,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.headers).toMatchObject({ Authorization: 'Bearer access-1', Accept: 'text/event-stream' });
    expect(calls[0]?.headers['Last-Event-ID']).toBeUndefined();

    const first = bodies[0]!;
    first.write('retry: 3000\n\nevent: re');
    first.write('ady\ndata: {"last_event_id":10}\n');
    first.write('\n: keepalive\n\nid: 1');
    first.write('1\nevent: task\ndata: {"task_id":"t-1","root_id":"t-1","what":"comment"}\r');
    first.write('\n\r\n');
    // "评论" in UTF-8, split in the middle of a character.
    const bytes = new TextEncoder().encode('id: 12\nevent: notification\ndata: {"kind":"评论"}\n\n');
    first.writeBytes(bytes.slice(0, 40));
    first.writeBytes(bytes.slice(40));
    await vi.waitFor(() => expect(events).toHaveLength(3));
    expect(events.map((e) => e.event)).toEqual(['ready', 'task', 'notification']);
    expect(events[1]?.data).toBe('{"task_id":"t-1","root_id":"t-1","what":"comment"}');
    expect(events[2]?.data).toBe('{"kind":"评论"}');
    expect(stream.lastEventId).toBe('12');

    // The server closes: nothing happens before the retry delay, then it resumes after id 12.
    first.close();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.headers['Last-Event-ID']).toBe('12');
  });

  it('resumes from the id in `ready` when no event came before the drop', async () => {
    const calls: Call[] = [];
    const first = streamingResponse();
    const fetchMock = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ headers: { ...(init?.headers as Record<string, string>) } });
      return calls.length === 1 ? Promise.resolve(first.response) : new Promise<Response>(() => {});
    });
    stream = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: () => {},
      getToken: () => 'a',
      refresh: () => Promise.resolve(true),
      fetch: fetchMock,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    first.write('event: ready\ndata: {"last_event_id":99}\n\n');
    first.close();
    await vi.advanceTimersByTimeAsync(3_000);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.headers['Last-Event-ID']).toBe('99');
  });

  it('backs off after network errors and server errors', async () => {
    let n = 0;
    const fetchMock = vi.fn(() => {
      n += 1;
      return n === 1 ? Promise.reject(new TypeError('offline')) : Promise.resolve(new Response('', { status: 503 }));
    });
    stream = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: () => {},
      getToken: () => 'a',
      refresh: () => Promise.resolve(true),
      fetch: fetchMock,
    });
    await vi.waitFor(() => expect(n).toBe(1));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(n).toBe(2);
    // Second failure: twice the wait.
    await vi.advanceTimersByTimeAsync(5_900);
    expect(n).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(n).toBe(3);
  });

  it('refreshes the token after a 401 and reconnects with the new one', async () => {
    let token = 'old';
    const seen: string[] = [];
    const ok = streamingResponse();
    const fetchMock = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>)['Authorization'] ?? '';
      seen.push(auth);
      return Promise.resolve(auth === 'Bearer new' ? ok.response : new Response('', { status: 401 }));
    });
    const refresh = vi.fn(() => {
      token = 'new';
      return Promise.resolve(true);
    });
    stream = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: () => {},
      getToken: () => token,
      refresh,
      fetch: fetchMock,
    });
    await vi.waitFor(() => expect(seen).toEqual(['Bearer old', 'Bearer new']));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stops when the session cannot be refreshed, and when stopped', async () => {
    const onStop = vi.fn();
    const fetchMock = vi.fn(() => Promise.resolve(new Response('', { status: 401 })));
    stream = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: () => {},
      getToken: () => 'a',
      refresh: () => Promise.resolve(false),
      onStop,
      fetch: fetchMock,
    });
    await vi.waitFor(() => expect(onStop).toHaveBeenCalled());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);

    // stop() aborts the open request and cancels the pending reconnect.
    const open = streamingResponse();
    let signal: AbortSignal | undefined;
    const fetch2 = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return Promise.resolve(open.response);
    });
    const s2 = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: () => {},
      getToken: () => 'a',
      refresh: () => Promise.resolve(true),
      fetch: fetch2,
    });
    await vi.waitFor(() => expect(fetch2).toHaveBeenCalledTimes(1));
    s2.stop();
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch2).toHaveBeenCalledTimes(1);
  });

  it('does not connect without a token', async () => {
    const fetchMock = vi.fn();
    const onStop = vi.fn();
    stream = startEventStream({
      url: 'http://test/api/v1/events',
      onEvent: () => {},
      getToken: () => null,
      refresh: () => Promise.resolve(true),
      onStop,
      fetch: fetchMock,
    });
    await vi.waitFor(() => expect(onStop).toHaveBeenCalled());
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
