import { Flex, Result, Spin } from 'antd';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** A centred spinner in place of a page (or a large part of one) that is loading. */
export function PageSpinner() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
}

/**
 * What a page about one resource (a task, a meeting) shows while it has no data: a spinner while
 * the query loads, else a 404 result if the resource does not exist (or is not visible), or the
 * error. Use as `if (query.error || !query.data) return <QueryFallback query={query} />;`.
 */
export function QueryFallback({ query }: { query: { isLoading: boolean; error: unknown } }) {
  const { message } = useErrorMessage();
  if (query.isLoading) return <PageSpinner />;
  return <Result status={asApiError(query.error).status === 404 ? '404' : 'error'} title={message(query.error)} />;
}
