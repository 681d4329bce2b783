import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { meetingsKey, notificationsKey, TASK_LISTS, TASK_PARTS, taskListKey, taskPartKey } from '@/lib/api/query-keys';
import { applyLiveEvent } from '@/lib/live/use-live-updates';

const featuresDir = resolve(__dirname, '../../features');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

// A key written by hand: `queryKey: ['tasks', …]`, `= ['tasks', …]` or `=> ['tasks', …]`.
const HAND_WRITTEN = /(queryKey:|=>|=)\s*\[\s*'(tasks|notifications|meetings|approvals)'\s*[,\]]/;

describe('query keys that live updates refresh', () => {
  it('are built from lib/api/query-keys in every feature, never written by hand', () => {
    const offenders = sources(featuresDir).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(featuresDir, file)}:${i + 1}` }))
        .filter(({ line }) => HAND_WRITTEN.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('refreshes every task list and the task part of the changed task, and leaves other tasks alone', () => {
    const client = new QueryClient();
    const mine = 't-1';
    const other = 't-2';
    const keys = [
      ...TASK_LISTS.map((l) => taskListKey(l, 'q')),
      ...TASK_PARTS.map((p) => taskPartKey(p, mine)),
      taskPartKey('comments', other),
      taskPartKey('files', other),
      [...notificationsKey, 'list'],
      [...meetingsKey, 'mine'],
    ];
    for (const k of keys) client.setQueryData(k, 1);
    applyLiveEvent(client, { event: 'task', data: JSON.stringify({ task_id: mine, root_id: mine, what: 'comment' }), id: '1' });
    const stale = (k: readonly unknown[]) => client.getQueryState(k)?.isInvalidated ?? false;
    for (const l of TASK_LISTS) expect(stale(taskListKey(l, 'q')), l).toBe(true);
    for (const p of TASK_PARTS) expect(stale(taskPartKey(p, mine)), p).toBe(true);
    expect(stale(taskPartKey('comments', other))).toBe(false);
    expect(stale(taskPartKey('files', other))).toBe(false);
    expect(stale([...notificationsKey, 'list'])).toBe(false);
    expect(stale([...meetingsKey, 'mine'])).toBe(false);
  });
});
