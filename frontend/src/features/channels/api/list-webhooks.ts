import { useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { cursorListQuery } from '@/lib/api/pages';
import type { components } from '@/lib/api/schema';

export type WebhookDto = components['schemas']['WebhookDto'];

/** `*` subscribes to every event, including kinds added later. */
export const ALL_EVENTS = '*';

/** The event kinds a webhook can subscribe to (those the server sends today). */
export const WEBHOOK_EVENT_KINDS = [
  'task_published',
  'task_assigned',
  'task_status_changed',
  'task_due_changed',
  'task_completed',
  'task_unblocked',
  'task_at_risk',
  'comment_mentioned',
  'comment_replied',
  'task_commented',
  'meeting_invited',
  'meeting_updated',
  'meeting_cancelled',
] as const;

export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

export function isKnownEventKind(kind: string): kind is WebhookEventKind {
  return (WEBHOOK_EVENT_KINDS as readonly string[]).includes(kind);
}

export const webhooksQueryKey = ['webhooks'] as const;

/** GET /api/v1/webhooks: my webhooks (administrators: all), oldest first, 100 a page. */
export const webhooksQuery = () =>
  cursorListQuery([...webhooksQueryKey, 'list'], async (cursor) =>
    unwrap(await api.GET('/api/v1/webhooks', { params: { query: { limit: 100, cursor } } })),
  );

export function useWebhooks() {
  return useInfiniteQuery(webhooksQuery());
}
