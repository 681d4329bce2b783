import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createQueryClient } from '@/app/query-client';
import { tokenStore } from '@/lib/auth/token-store';
import '@/lib/i18n';

function LocalizedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const isEn = i18n.resolvedLanguage === 'en';
  useEffect(() => {
    dayjs.locale(isEn ? 'en' : 'zh-cn');
  }, [isEn]);
  return (
    <ConfigProvider
      locale={isEn ? enUS : zhCN}
      // antd would render 登录 as "登 录"; keep labels as written.
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1f6feb' } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Everything the app needs around the router: queries, antd (localized), i18n. */
export function AppProvider({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  useEffect(
    () =>
      // Signing out (or a failed refresh) must not leave another user's data in the cache.
      tokenStore.subscribe(() => {
        if (!tokenStore.isSignedIn()) client.clear();
      }),
    [client],
  );
  return (
    <QueryClientProvider client={client}>
      <LocalizedAntd>{children}</LocalizedAntd>
    </QueryClientProvider>
  );
}
