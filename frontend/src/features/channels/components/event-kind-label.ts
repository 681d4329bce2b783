import type { TFunction } from 'i18next';
import { ALL_EVENTS, isKnownEventKind } from '@/features/channels/api/list-webhooks';

/** The name of an event kind; kinds this SPA does not know yet keep their code. */
export function eventKindLabel(t: TFunction<['channels', 'common']>, kind: string): string {
  if (kind === ALL_EVENTS) return t('webhooks.all_events');
  return isKnownEventKind(kind) ? t(`events.${kind}`) : kind;
}
