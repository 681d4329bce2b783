import {
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DownloadOutlined,
  FolderOutlined,
  LogoutOutlined,
  MenuOutlined,
  QuestionCircleOutlined,
  ScheduleOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { paths } from '@/config/paths';
import { useSignedIn } from '@/app/routes/guards';
import { useLogout } from '@/features/auth/api/logout';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { TopBarSearch } from '@/features/search/components/top-bar-search';
import { CalendarWarnings } from '@/features/work-calendar/components/calendar-warnings';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useManagedDepartments } from '@/lib/auth/managed-departments';
import { useLiveUpdates } from '@/lib/live/use-live-updates';
import { usePhone } from '@/lib/use-phone';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const logoutMutation = useLogout();
  const phone = usePhone();
  const [drawer, setDrawer] = useState(false);
  // Administrators and department heads manage group robots and read reports.
  const managers = useManagedDepartments();
  // One event stream while signed in: the bell, lists and open tasks update without reloading.
  useLiveUpdates(useSignedIn());

  const items: MenuProps['items'] = [
    { key: paths.dashboard, icon: <AppstoreOutlined />, label: <Link to={paths.dashboard}>{t('nav.dashboard')}</Link> },
    { key: paths.tasks, icon: <CheckSquareOutlined />, label: <Link to={paths.tasks}>{t('nav.tasks')}</Link> },
    { key: paths.approvals, icon: <AuditOutlined />, label: <Link to={paths.approvals}>{t('nav.approvals')}</Link> },
    {
      key: paths.helpRequests,
      icon: <QuestionCircleOutlined />,
      label: <Link to={paths.helpRequests}>{t('nav.help_requests')}</Link>,
    },
    {
      key: paths.weeklySummaries,
      icon: <ScheduleOutlined />,
      label: <Link to={paths.weeklySummaries}>{t('nav.weekly_summaries')}</Link>,
    },
    { key: paths.calendar, icon: <CalendarOutlined />, label: <Link to={paths.calendar}>{t('nav.calendar')}</Link> },
    { key: paths.files, icon: <FolderOutlined />, label: <Link to={paths.files}>{t('nav.files')}</Link> },
    { key: paths.cases, icon: <BookOutlined />, label: <Link to={paths.cases}>{t('nav.cases')}</Link> },
  ];
  if (managers.allowed) {
    items.push({ key: paths.reports, icon: <BarChartOutlined />, label: <Link to={paths.reports}>{t('nav.reports')}</Link> });
  }
  // Everyone may export (the task list, a task's progress sheet, meeting minutes).
  items.push({ key: paths.exports, icon: <DownloadOutlined />, label: <Link to={paths.exports}>{t('nav.exports')}</Link> });
  const settings: NonNullable<MenuProps['items']> = [
    { key: paths.webhooks, label: <Link to={paths.webhooks}>{t('nav.webhooks')}</Link> },
  ];
  if (managers.allowed) {
    settings.unshift({ key: paths.robots, label: <Link to={paths.robots}>{t('nav.robots')}</Link> });
  }
  items.push({ key: 'settings', icon: <ApiOutlined />, label: t('nav.settings'), children: settings });
  if (me?.role === 'admin') {
    items.push({
      key: 'admin',
      icon: <SettingOutlined />,
      label: t('nav.admin'),
      children: [
        { key: paths.adminUsers, label: <Link to={paths.adminUsers}>{t('nav.admin_users')}</Link> },
        { key: paths.adminDepartments, label: <Link to={paths.adminDepartments}>{t('nav.admin_departments')}</Link> },
        { key: paths.adminAudit, label: <Link to={paths.adminAudit}>{t('nav.admin_audit')}</Link> },
        { key: paths.adminJobs, label: <Link to={paths.adminJobs}>{t('nav.admin_jobs')}</Link> },
        {
          key: paths.adminWorkCalendar,
          label: <Link to={paths.adminWorkCalendar}>{t('nav.admin_work_calendar')}</Link>,
        },
        { key: paths.adminLoginLocks, label: <Link to={paths.adminLoginLocks}>{t('nav.admin_login_locks')}</Link> },
        {
          key: paths.adminApprovalFlows,
          label: <Link to={paths.adminApprovalFlows}>{t('nav.admin_approval_flows')}</Link>,
        },
      ],
    });
  }

  const selected = /^\/(admin|settings)\//.test(location.pathname)
    ? location.pathname
    : `/${location.pathname.split('/')[1] ?? ''}`;

  const onLogout = () => {
    logoutMutation.mutate(undefined, { onSettled: () => void navigate(paths.login, { replace: true }) });
  };
  const logout = (
    <Button icon={<LogoutOutlined />} onClick={onLogout} loading={logoutMutation.isPending}>
      {t('header.logout')}
    </Button>
  );
  // The same menu beside the page and, on a phone, in the drawer.
  const menu = {
    mode: 'inline' as const,
    selectedKeys: [selected],
    defaultOpenKeys: selected.startsWith('/settings/') ? ['admin', 'settings'] : ['admin'],
    items,
  };

  const content = (
    <>
      {/* Administrators are told when the working calendar lacks a year's holidays (the page itself says it too). */}
      <CalendarWarnings enabled={me?.role === 'admin' && location.pathname !== paths.adminWorkCalendar} link />
      <Outlet />
    </>
  );

  if (phone) {
    // A phone (or the in-app browser of WeCom, DingTalk, Feishu): one compact header row, the
    // menu in a drawer over the page, the page the full width of the screen.
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <Header
          style={{
            background: '#fff',
            paddingInline: 8,
            height: 52,
            lineHeight: '52px',
            display: 'flex',
            alignItems: 'center',
            gap: 4,
            position: 'sticky',
            top: 0,
            zIndex: 20,
            boxShadow: '0 1px 4px rgba(0, 0, 0, 0.08)',
          }}
        >
          <Button type="text" icon={<MenuOutlined />} aria-label={t('header.menu')} onClick={() => setDrawer(true)} />
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 16 }}>
            {t('app_name')}
          </Typography.Text>
          <TopBarSearch />
          <NotificationBell />
          <Link to={paths.me} title={t('header.profile')} data-testid="current-user" aria-label={t('header.profile')}>
            <Avatar size="small" icon={<UserOutlined />} />
          </Link>
        </Header>
        <Drawer
          placement="left"
          width={280}
          open={drawer}
          onClose={() => setDrawer(false)}
          title={
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{me?.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {me?.department_name ?? t('header.no_department')}
              </Typography.Text>
            </Space>
          }
          styles={{ body: { padding: 0 } }}
          footer={
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <LanguageSwitch />
              {logout}
            </Space>
          }
        >
          <Menu
            {...menu}
            // A chosen page closes the drawer (opening a submenu does not).
            onClick={() => setDrawer(false)}
            style={{ borderInlineEnd: 'none' }}
          />
        </Drawer>
        {/* 12 px: half the widest gutter of a page's rows (24 px), whose margins reach outside. */}
        <Content style={{ padding: 12, minWidth: 0 }}>{content}</Content>
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingInline: 24 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('app_name')}
          </Typography.Title>
        </div>
        <Menu {...menu} />
      </Sider>
      <Layout>
        <Header
          style={{ background: '#fff', paddingInline: 24, display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}
        >
          <Space size="middle">
            <TopBarSearch />
            <LanguageSwitch />
            <NotificationBell />
            <Link to={paths.me} title={t('header.profile')} data-testid="current-user">
              <Space size="small">
                <Avatar size="small" icon={<UserOutlined />} />
                <Typography.Text strong>{me?.name}</Typography.Text>
                <Typography.Text type="secondary">{me?.department_name ?? t('header.no_department')}</Typography.Text>
              </Space>
            </Link>
            {logout}
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>{content}</Content>
      </Layout>
    </Layout>
  );
}
