import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpinner } from '@/components/ui/query-fallback';
import { useCollections } from '@/features/collections/api/list-collections';
import { CollectionCard } from '@/features/collections/components/collection-card';
import { CollectionFormDrawer } from '@/features/collections/components/collection-form-drawer';
import { useErrorMessage } from '@/lib/error-message';

/**
 * 收集 on an info-sync task's page: its collections, and 发起收集 for whoever runs the task
 * (`canCreate`, the page's estimate; the server decides and each collection says `can_manage`).
 */
export function CollectionsSection({ taskId, canCreate, timeZone }: { taskId: string; canCreate: boolean; timeZone?: string }) {
  const { t } = useTranslation('collections');
  const { message } = useErrorMessage();
  const query = useCollections(taskId);
  const [creating, setCreating] = useState(false);

  if (query.isLoading) return <PageSpinner />;
  if (query.error) return <Alert type="error" showIcon message={message(query.error)} />;
  const items = query.data ?? [];

  return (
    <Flex vertical gap={16} data-testid="collections-section">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('section.hint')}</Typography.Text>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('section.create')}
          </Button>
        )}
      </Flex>
      {items.length === 0 && (
        <Empty description={canCreate ? t('section.empty_manage') : t('section.empty')} />
      )}
      {items.map((c) => (
        <CollectionCard key={c.id} collection={c} timeZone={timeZone} />
      ))}
      {creating && <CollectionFormDrawer taskId={taskId} collection={null} timeZone={timeZone} onClose={() => setCreating(false)} />}
    </Flex>
  );
}
