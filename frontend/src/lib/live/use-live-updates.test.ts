import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent } from '@/lib/live/use-live-updates';

function clientWith(keys: unknown[][]) {
  const client = new QueryClient();
  for (const k of keys) client.setQueryData(k, 1);
  return client;
}

const stale = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => q.queryKey);

describe('applyLiveEvent', () => {
  const keys = [
    ['notifications', 'unread-count'],
    ['notifications', 'list', { unread: false }],
    ['tasks', 'detail', 't-1'],
    ['tasks', 'comments', 't-1'],
    ['tasks', 'comments', 't-2'],
    ['tasks', 'history', 't-1'],
    ['tasks', 'graph', 't-1'],
    ['tasks', 'list', {}, 20],
    ['tasks', 'mine', 'todo'],
    ['me'],
  ];

  it('makes the inbox stale on `notification`', () => {
    const client = clientWith(keys);
    applyLiveEvent(client, { event: 'notification', data: '{"notification_id":"n","kind":"comment_mentioned"}', id: '1' });
    expect(stale(client)).toEqual([keys[0], keys[1]]);
  });

  it("makes the task's page, its comments and history, and the lists stale on `task`", () => {
    const client = clientWith(keys);
    applyLiveEvent(client, { event: 'task', data: '{"task_id":"t-1","root_id":"t-1","what":"comment"}', id: '2' });
    expect(stale(client)).toEqual([keys[2], keys[3], keys[5], keys[6], keys[7], keys[8]]);
  });

  it('makes everything stale on `access` (the caller was removed from tasks)', () => {
    const client = clientWith(keys);
    applyLiveEvent(client, { event: 'access', data: '{"task_ids":["t-1"]}', id: '3' });
    expect(stale(client)).toEqual(keys);
  });

  it('makes meetings stale when a meeting of a task changed, and only then', () => {
    const withMeetings = [...keys, ['meetings', 'task', 't-1'], ['meetings', 'detail', 'm-1']];
    const client = clientWith(withMeetings);
    applyLiveEvent(client, { event: 'task', data: '{"task_id":"t-1","root_id":"t-1","what":"comment"}', id: '4' });
    expect(stale(client)).not.toContainEqual(['meetings', 'detail', 'm-1']);
    applyLiveEvent(client, { event: 'task', data: '{"task_id":"t-1","root_id":"t-1","what":"meeting"}', id: '5' });
    expect(stale(client)).toContainEqual(['meetings', 'detail', 'm-1']);
    expect(stale(client)).toContainEqual(['meetings', 'task', 't-1']);
  });

  it("makes a task's files, their versions and change logs stale when a file of it changed", () => {
    const files = [
      ['tasks', 'files', 't-1', 'list', 'live'],
      ['tasks', 'files', 't-1', 'versions', 'f-1'],
      ['tasks', 'files', 't-1', 'changes', 'f-1'],
      ['tasks', 'files', 't-2', 'list', 'live'],
    ];
    const client = clientWith([...keys, ...files]);
    applyLiveEvent(client, { event: 'task', data: '{"task_id":"t-1","root_id":"t-1","what":"file"}', id: '6' });
    expect(stale(client)).toEqual(expect.arrayContaining(files.slice(0, 3)));
    expect(stale(client)).not.toContainEqual(files[3]);
  });

  it("makes the task's request and the approvals boxes stale on an `approval` change, other requests not", () => {
    const approvals = [
      ['tasks', 'request', 't-1'],
      ['tasks', 'request', 't-1', 'submissions'],
      ['tasks', 'request', 't-2'],
      ['approvals', 'list', 'todo'],
      ['approvals', 'counts'],
    ];
    const client = clientWith([...keys, ...approvals]);
    applyLiveEvent(client, { event: 'task', data: '{"task_id":"t-1","root_id":"t-1","what":"approval"}', id: '7' });
    expect(stale(client)).toEqual(expect.arrayContaining([approvals[0], approvals[1], approvals[3], approvals[4]]));
    expect(stale(client)).not.toContainEqual(approvals[2]);
  });

  it('makes the approvals boxes stale on an approval notification, and only on one', () => {
    const boxes = [['approvals', 'counts']];
    const client = clientWith([...keys, ...boxes]);
    applyLiveEvent(client, { event: 'notification', data: '{"notification_id":"n","kind":"comment_mentioned"}', id: '8' });
    expect(stale(client)).not.toContainEqual(boxes[0]);
    applyLiveEvent(client, { event: 'notification', data: '{"notification_id":"n","kind":"approval_requested"}', id: '9' });
    expect(stale(client)).toContainEqual(boxes[0]);
  });

  it('makes everything stale on `reset`', () => {
    const client = clientWith(keys);
    applyLiveEvent(client, { event: 'reset', data: '{}', id: '3' });
    expect(stale(client)).toHaveLength(keys.length);
  });
});
