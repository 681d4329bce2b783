import { Result, Spin } from 'antd';
import { useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { tokenStore } from '@/lib/auth/token-store';
import { useErrorMessage } from '@/lib/error-message';

export function useSignedIn(): boolean {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.isSignedIn, tokenStore.isSignedIn);
}

/** Sends signed-out visitors to /login (remembering where they were going). */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const signedIn = useSignedIn();
  const location = useLocation();
  const me = useCurrentUser();
  const { message } = useErrorMessage();
  if (!signedIn) {
    const redirect = location.pathname + location.search;
    const to = redirect === paths.dashboard ? paths.login : `${paths.login}?redirect=${encodeURIComponent(redirect)}`;
    return <Navigate to={to} replace />;
  }
  if (me.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) return <Result status="error" title={message(me.error)} />;
  return children ?? <Outlet />;
}

/** Admin-only pages: everyone else gets a 403 page. */
export function RequireAdmin({ children }: { children?: ReactNode }) {
  const me = useCurrentUser();
  if (me.data?.role !== 'admin') return <StatusPage status={403} />;
  return children ?? <Outlet />;
}
