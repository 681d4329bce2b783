import { Alert, Button, Card, Input, Space, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useErrorMessage } from '@/lib/error-message';

/**
 * An administrator's list of records (users, departments): a card with a create button, a search
 * box and any further `filters`, the load error, and the table (`rowKey` id, unpaginated).
 * `children` go below the table: a "load more" row, the create/edit form.
 */
export function AdminTableCard<T extends { id: string }>({
  title,
  createLabel,
  onCreate,
  searchPlaceholder,
  onSearch,
  filters,
  error,
  table,
  children,
}: {
  title: string;
  createLabel: string;
  onCreate: () => void;
  searchPlaceholder: string;
  /** The search text, trimmed ('' once cleared). */
  onSearch: (q: string) => void;
  filters?: ReactNode;
  error: Error | null;
  table: Omit<TableProps<T>, 'rowKey' | 'size' | 'pagination'>;
  children?: ReactNode;
}) {
  const { message } = useErrorMessage();
  return (
    <Card
      title={title}
      extra={
        <Button type="primary" onClick={onCreate}>
          {createLabel}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={searchPlaceholder}
          style={{ width: 260 }}
          onSearch={(q) => onSearch(q.trim())}
        />
        {filters}
      </Space>
      {error && <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />}
      <Table<T> rowKey="id" size="middle" pagination={false} {...table} />
      {children}
    </Card>
  );
}
