import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** What the pages of a cursor list need: whether more exist, and how to fetch them. */
export interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** Below a cursor-paginated list: "共 N 条" and, while there are more, "加载更多". */
export function LoadMore({ pages, total }: { pages: Pages; total?: number }) {
  const { t } = useTranslation('common');
  return (
    <Flex justify={total === undefined ? 'center' : 'space-between'} align="center" style={{ marginTop: 16 }}>
      {total !== undefined && <Typography.Text type="secondary">{t('total', { count: total })}</Typography.Text>}
      {pages.hasNextPage && (
        <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t('actions.load_more')}
        </Button>
      )}
    </Flex>
  );
}
