import { useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { cursorListQuery } from '@/lib/api/pages';
import { eventKindValues, type components } from '@/lib/api/schema';

export type WebhookDto = components['schemas']['WebhookDto'];

export type EventKind = components['schemas']['EventKind'];
export type EventFilter = components['schemas']['EventFilter'];

/** `*` subscribes to every event, including kinds added later. */
export const ALL_EVENTS = '*' satisfies EventFilter;

/** The event kinds a webhook can subscribe to: the API's `EventKind`, from the generated schema. */
export const WEBHOOK_EVENT_KINDS: readonly EventKind[] = eventKindValues;

export function isKnownEventKind(kind: string): kind is EventKind {
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
