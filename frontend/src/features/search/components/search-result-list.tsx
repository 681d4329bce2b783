import { Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { taskPath, taskTabPath } from '@/config/paths';
import type { SearchHitDto, SearchKind } from '@/features/search/api/types';
import { HighlightedSnippet } from '@/features/search/components/highlighted-snippet';
import { useCurrentUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format';

const KIND_COLOR: Record<SearchKind, string> = { task: 'blue', comment: 'cyan', meeting: 'purple', file: 'gold' };

/**
 * Where a result opens: its task's page, on the tab that holds it (a file on 文件, a comment on
 * the discussion, a meeting on 会议; the page falls back to its first tab when it has no such
 * tab). `null` when the caller may not open the task (a company-public file on a task they do not
 * see): nothing to link to.
 */
export function hitPath(hit: SearchHitDto): string | null {
  if (hit.task.title === null) return null;
  switch (hit.kind) {
    case 'file':
      return taskTabPath(hit.task.id, 'files');
    case 'comment':
      return taskTabPath(hit.task.id, 'discussion');
    case 'meeting':
      return taskTabPath(hit.task.id, 'meetings');
    default:
      return taskPath(hit.task.id);
  }
}

/** One result: its kind, title (a link to where it lives), its task, the marked passage and when it changed. */
function SearchHit({ hit, timeZone }: { hit: SearchHitDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('search');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const to = hitPath(hit);
  return (
    <List.Item data-testid="search-hit" data-kind={hit.kind} data-id={hit.id}>
      <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
        <Flex gap={8} align="center" wrap>
          <Tag color={KIND_COLOR[hit.kind]} style={{ marginInlineEnd: 0 }}>
            {t(`kind.${hit.kind}`)}
          </Tag>
          {to ? (
            <Link to={to} data-testid="search-hit-title" style={{ fontWeight: 600, wordBreak: 'break-word' }}>
              {hit.title}
            </Link>
          ) : (
            <Typography.Text strong data-testid="search-hit-title" style={{ wordBreak: 'break-word' }}>
              {hit.title}
            </Typography.Text>
          )}
        </Flex>
        {hit.kind !== 'task' && (
          <Typography.Text type="secondary" data-testid="search-hit-task">
            {t('result.task')}
            {hit.task.title === null ? (
              <Typography.Text type="secondary" italic>
                {t('result.hidden_task')}
              </Typography.Text>
            ) : (
              <Link to={taskPath(hit.task.id)}>{hit.task.title}</Link>
            )}
          </Typography.Text>
        )}
        {hit.snippet.text && (
          <Typography.Paragraph style={{ marginBottom: 0, wordBreak: 'break-word' }}>
            <HighlightedSnippet snippet={hit.snippet} />
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('result.updated', { date: formatDateTime(hit.updated_at, lng, timeZone) })}
        </Typography.Text>
      </Flex>
    </List.Item>
  );
}

/** Search results as a list (the search page and the case library's search both show it). */
export function SearchResultList({ items }: { items: SearchHitDto[] }) {
  const { data: me } = useCurrentUser();
  const timeZone = me?.time_zone ?? undefined;
  return (
    <List
      data-testid="search-results"
      itemLayout="vertical"
      dataSource={items}
      rowKey={(hit) => `${hit.kind}:${hit.id}`}
      renderItem={(hit) => <SearchHit hit={hit} timeZone={timeZone} />}
    />
  );
}
