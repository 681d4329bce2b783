import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PageSpinner, QueryFallback } from '@/components/ui/query-fallback';
import { ApiError } from '@/lib/api/api-error';
import { renderWithProviders } from '@/testing/render';

describe('QueryFallback', () => {
  it('spins while the query loads', () => {
    const { container } = renderWithProviders(<QueryFallback query={{ isLoading: true, error: null }} />);
    expect(container.querySelector('.ant-spin')).not.toBeNull();
    expect(container.querySelector('.ant-result')).toBeNull();
  });

  it('answers 404 for a resource that does not exist, in the error code’s words', () => {
    const error = new ApiError({ status: 404, code: 'not_found', detail: 'task not found' });
    const { container } = renderWithProviders(<QueryFallback query={{ isLoading: false, error }} />);
    expect(screen.getByText('请求的内容不存在或已被删除。')).toBeInTheDocument();
    expect(container.querySelector('.ant-result-404')).not.toBeNull();
    expect(screen.queryByText('task not found')).toBeNull();
  });

  it('shows any other failure as an error', () => {
    const error = new ApiError({ status: 500, code: 'internal' });
    const { container } = renderWithProviders(<QueryFallback query={{ isLoading: false, error }} />);
    expect(screen.getByText('服务器内部错误，请稍后再试。')).toBeInTheDocument();
    expect(container.querySelector('.ant-result-error')).not.toBeNull();
    expect(container.querySelector('.ant-result-404')).toBeNull();
  });
});

describe('PageSpinner', () => {
  it('is a spinner', () => {
    const { container } = renderWithProviders(<PageSpinner />);
    expect(container.querySelector('.ant-spin')).not.toBeNull();
  });
});
