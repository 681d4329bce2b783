/** One Server-Sent Event as dispatched (https://html.spec.whatwg.org/#event-stream-interpretation). */
export interface SseEvent {
  /** `message` when the stream named none. */
  event: string;
  data: string;
  /** The last event id seen so far (it carries over to events without an `id:` line). */
  id: string | null;
}

/**
 * Incremental `text/event-stream` parser: feed it decoded text in chunks of any size (a line, a
 * field or even a CRLF may be split between chunks) and it returns the events each chunk
 * completed. Comment lines (`:`) are keepalives and ignored; `retry:` is reported through
 * `retryMs`.
 */
export class SseParser {
  private buffer = '';
  /** A chunk ended in `\r`: a `\n` at the start of the next one belongs to the same line end. */
  private pendingCr = false;
  private eventType = '';
  private data: string[] = [];
  private hasData = false;
  private lastId: string | null = null;
  /** The reconnection time the server asked for, if it sent one. */
  retryMs: number | null = null;

  get lastEventId(): string | null {
    return this.lastId;
  }

  feed(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i += 1) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (ch === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i += 1;
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Forgets a half-received event (the connection dropped); the last id is kept. */
  reset(): void {
    this.buffer = '';
    this.pendingCr = false;
    this.eventType = '';
    this.data = [];
    this.hasData = false;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const event = this.hasData ? { event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastId } : null;
    this.eventType = '';
    this.data = [];
    this.hasData = false;
    return event;
  }
}
