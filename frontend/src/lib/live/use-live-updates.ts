import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { env } from '@/config/env';
import { refreshSession } from '@/lib/api/client';
import { tokenStore } from '@/lib/auth/token-store';
import { startEventStream } from '@/lib/live/event-stream';
import type { SseEvent } from '@/lib/live/sse-parser';
import { approvalsKey, meetingsKey, notificationsKey, TASK_LISTS, tasksKey, TREE_PARTS } from '@/lib/api/query-keys';
import type { components } from '@/lib/api/schema';

type TaskChange = components['schemas']['TaskChange'];

export const EVENTS_PATH = '/api/v1/events';

/** The data of a `task` event (see `LiveEvent` in openapi.yaml). */
interface TaskEvent {
  task_id?: string;
  root_id?: string;
  what?: TaskChange;
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

const LISTS: ReadonlySet<unknown> = new Set(TASK_LISTS);
const TREE: ReadonlySet<unknown> = new Set(TREE_PARTS);

/** Whether a query shows something a change of `task_id` (in tree `root_id`) may alter. */
export function touchedByTask(query: Pick<Query, 'queryKey'>, e: TaskEvent): boolean {
  const [scope, kind, id] = query.queryKey;
  if (scope !== tasksKey[0] || typeof kind !== 'string') return false;
  if (LISTS.has(kind)) return true;
  // A subtask's change shows on its ancestors' pages too (status, percent, subtask list), and
  // only the root is named: refresh whichever task page is open.
  if (TREE.has(kind)) return true;
  return id === e.task_id || id === e.root_id;
}

/** What one live event makes stale. */
export function applyLiveEvent(client: QueryClient, event: SseEvent): void {
  switch (event.event) {
    case 'notification': {
      void client.invalidateQueries({ queryKey: notificationsKey });
      // Asked to approve, copied, or told how my request went: the approvals boxes changed.
      const n = parse<{ kind?: string }>(event.data);
      if (n?.kind?.startsWith('approval_')) void client.invalidateQueries({ queryKey: approvalsKey });
      break;
    }
    case 'task': {
      const e = parse<TaskEvent>(event.data);
      if (e) void client.invalidateQueries({ predicate: (q) => touchedByTask(q, e) });
      // Meetings live under their own keys.
      if (e?.what === 'meeting') void client.invalidateQueries({ queryKey: meetingsKey });
      // The task's request (a task part) is refreshed above; the approvals boxes and counts live
      // under their own key.
      if (e?.what === 'approval') void client.invalidateQueries({ queryKey: approvalsKey });
      break;
    }
    // Events were missed, or the caller was removed from tasks (what is shown of them must go):
    // reload everything.
    case 'reset':
    case 'access':
      void client.invalidateQueries();
      break;
    default:
      break;
  }
}

/** Listens to GET /events while `enabled` (signed in) and refreshes the queries the events touch. */
export function useLiveUpdates(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    const origin = env.apiBaseUrl || window.location.origin;
    const stream = startEventStream({
      url: `${origin}${EVENTS_PATH}`,
      getToken: tokenStore.getAccessToken,
      refresh: refreshSession,
      onEvent: (event) => applyLiveEvent(client, event),
    });
    return stream.stop;
  }, [enabled, client]);
}
