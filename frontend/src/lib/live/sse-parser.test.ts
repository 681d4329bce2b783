import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '@/lib/live/sse-parser';

const STREAM =
  'retry: 3000\n\n' +
  'event: ready\ndata: {"last_event_id":41}\n\n' +
  ': keepalive\n\n' +
  'id: 42\nevent: notification\ndata: {"notification_id":"n-1","kind":"comment_mentioned"}\n\n' +
  'id: 43\r\nevent: task\r\ndata: {"task_id":"t-1","root_id":"t-0","what":"comment"}\r\n\r\n' +
  'data: line one\ndata: line two\n\n';

const EXPECTED: SseEvent[] = [
  { event: 'ready', data: '{"last_event_id":41}', id: null },
  { event: 'notification', data: '{"notification_id":"n-1","kind":"comment_mentioned"}', id: '42' },
  { event: 'task', data: '{"task_id":"t-1","root_id":"t-0","what":"comment"}', id: '43' },
  { event: 'message', data: 'line one\nline two', id: '43' },
];

function feedAll(chunks: string[]): { events: SseEvent[]; parser: SseParser } {
  const parser = new SseParser();
  return { events: chunks.flatMap((c) => parser.feed(c)), parser };
}

describe('SseParser', () => {
  it('parses a whole stream: ids carry over, comments are skipped, retry is kept', () => {
    const { events, parser } = feedAll([STREAM]);
    expect(events).toEqual(EXPECTED);
    expect(parser.retryMs).toBe(3000);
    expect(parser.lastEventId).toBe('43');
  });

  it('gives the same events however the stream is cut (inside fields, between \\r and \\n)', () => {
    for (let size = 1; size <= 7; size += 1) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(feedAll(chunks).events).toEqual(EXPECTED);
    }
    // Every single cut point, in two pieces.
    for (let cut = 0; cut <= STREAM.length; cut += 1) {
      expect(feedAll([STREAM.slice(0, cut), STREAM.slice(cut)]).events).toEqual(EXPECTED);
    }
  });

  it('does not dispatch an event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.feed('id: 7\nevent: task\ndata: {"task_id"')).toEqual([]);
    expect(parser.feed(':"t"}\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'task', data: '{"task_id":"t"}', id: '7' }]);
  });

  it('drops a half-received event on reset but keeps the last id', () => {
    const parser = new SseParser();
    parser.feed('id: 5\nevent: task\ndata: {}\n\nid: 6\nevent: task\ndata: {"hal');
    parser.reset();
    expect(parser.lastEventId).toBe('6');
    expect(parser.feed('event: reset\ndata: {}\n\n')).toEqual([{ event: 'reset', data: '{}', id: '6' }]);
  });

  it('handles a field without a colon and values without the space', () => {
    const parser = new SseParser();
    expect(parser.feed('data\nevent:task\ndata:x\n\n')).toEqual([{ event: 'task', data: '\nx', id: null }]);
  });
});
