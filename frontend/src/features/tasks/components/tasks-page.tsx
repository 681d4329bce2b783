import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Input,
  Segmented,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DepartmentSelect, departmentOptionsQuery } from '@/components/ui/department-select';
import { FilterSheet } from '@/components/ui/filter-sheet';
import { UserPicker } from '@/components/ui/user-picker';
import { paths } from '@/config/paths';
import { useTasks, type TaskListParams } from '@/features/tasks/api/list-tasks';
import { PRIORITIES, SCENARIOS, STATUSES } from '@/features/tasks/api/types';
import { ExportTasksButton } from '@/features/tasks/components/export-tasks-button';
import { TaskBoard } from '@/features/tasks/components/task-board';
import { TaskTable } from '@/features/tasks/components/task-table';
import { useCurrentUser } from '@/lib/auth/current-user';
import { endOfDayUtc, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { usePhone } from '@/lib/use-phone';

const SORTS = ['-updated_at', '-created_at', 'due_at', '-due_at', '-priority', 'title'] as const;
type View = 'list' | 'board';

const list = (v: string[]) => (v.length > 0 ? v.join(',') : undefined);

/** The filters a link may set in the URL (see tasksPath), e.g. a report's drill-down to overdue tasks. */
function linkFilters(q: URLSearchParams): TaskListParams {
  return {
    department_id: q.get('department_id') ?? undefined,
    owner_department_id: q.get('owner_department_id') ?? undefined,
    scenario: q.get('scenario') ?? undefined,
    overdue: q.get('overdue') === 'true' || undefined,
  };
}

/**
 * 负责人部门：销售部, while the list is narrowed to the tasks whose owner is in a department (the
 * report's drill-down sets it; there is no control for it), with a × that drops the filter.
 */
function OwnerDepartmentTag({ departmentId, onClear }: { departmentId: string; onClear: () => void }) {
  const { t } = useTranslation('tasks');
  const { data } = useQuery(departmentOptionsQuery());
  const name = data?.find((d) => d.id === departmentId)?.name ?? departmentId;
  return (
    <Tag
      color="blue"
      closable
      closeIcon={<CloseOutlined aria-label={t('filters.clear_owner_department')} />}
      onClose={onClear}
      style={{ alignSelf: 'center', marginInlineEnd: 0 }}
    >
      {t('filters.owner_department', { name })}
    </Tag>
  );
}

function TaskList({ filters }: { filters: TaskListParams }) {
  const { message } = useErrorMessage();
  const tasks = useTasks(filters);
  return (
    <>
      {tasks.error && <Alert type="error" showIcon message={message(tasks.error)} style={{ marginBottom: 16 }} />}
      <TaskTable
        rows={tasks.data?.pages.flatMap((p) => p.items) ?? []}
        loading={tasks.isLoading}
        total={tasks.data?.pages[0]?.total ?? 0}
        hasMore={tasks.hasNextPage}
        loadingMore={tasks.isFetchingNextPage}
        onLoadMore={() => void tasks.fetchNextPage()}
      />
    </>
  );
}

/** 任务: filters, sort, and the tasks as a list (load more) or a board. */
export function TasksPage() {
  const { t } = useTranslation(['tasks', 'common']);
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const phone = usePhone();
  const [view, setView] = useState<View>('list');
  // In the phone's sheet every control takes the full width.
  const width = (px: number) => (phone ? '100%' : px);
  const [searchParams, setSearchParams] = useSearchParams();
  const [linked] = useState(() => linkFilters(searchParams));
  const [filters, setFilters] = useState<TaskListParams>({ sort: '-updated_at', ...linked });
  const set = (patch: Partial<TaskListParams>) => setFilters((f) => ({ ...f, ...patch }));
  const clearOwnerDepartment = () => {
    set({ owner_department_id: undefined });
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('owner_department_id');
        return next;
      },
      { replace: true },
    );
  };

  // How many filters narrow the list (the phone's 筛选 button shows it).
  const active = [
    filters.q,
    filters.scenario,
    filters.status,
    filters.priority,
    filters.department_id,
    filters.owner_department_id,
    filters.owner_id,
    filters.due_after ?? filters.due_before,
    filters.overdue,
  ].filter(Boolean).length;
  const controls = (
    <>
      <Input.Search
        allowClear
        placeholder={t('filters.search')}
        style={{ width: width(240) }}
        onSearch={(q) => set({ q: q.trim() || undefined })}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('filters.scenario')}
        defaultValue={linked.scenario?.split(',')}
        style={phone ? { width: '100%' } : { minWidth: 160 }}
        options={SCENARIOS.map((s) => ({ value: s, label: t(`scenario.${s}`) }))}
        onChange={(v: string[]) => set({ scenario: list(v) })}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('filters.status')}
        style={phone ? { width: '100%' } : { minWidth: 160 }}
        options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(v: string[]) => set({ status: list(v) })}
      />
      <Select
        mode="multiple"
        allowClear
        placeholder={t('filters.priority')}
        style={phone ? { width: '100%' } : { minWidth: 120 }}
        options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        onChange={(v: string[]) => set({ priority: list(v) })}
      />
      <DepartmentSelect
        placeholder={t('filters.department')}
        defaultValue={linked.department_id}
        style={{ width: width(160) }}
        onChange={(v) => set({ department_id: v ?? undefined })}
      />
      {filters.owner_department_id && (
        <OwnerDepartmentTag departmentId={filters.owner_department_id} onClear={clearOwnerDepartment} />
      )}
      <UserPicker
        placeholder={t('filters.owner')}
        style={{ width: width(160) }}
        onChange={(v) => set({ owner_id: typeof v === 'string' ? v : undefined })}
      />
      <DatePicker.RangePicker
        style={phone ? { width: '100%' } : undefined}
        placeholder={[t('filters.due_from'), t('filters.due_to')]}
        onChange={(range) => {
          const [from, to] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
          set({
            due_after: from ? startOfDayUtc(from, tz) : undefined,
            due_before: to ? endOfDayUtc(to, tz) : undefined,
          });
        }}
      />
      <Space size={4}>
        <Switch
          size="small"
          defaultChecked={linked.overdue}
          onChange={(on) => set({ overdue: on || undefined })}
          aria-label={t('filters.overdue_only')}
        />
        <Typography.Text>{t('filters.overdue_only')}</Typography.Text>
      </Space>
      {view === 'list' && (
        <Select
          value={filters.sort}
          style={{ width: width(180) }}
          aria-label={t('filters.sort')}
          options={SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
          onChange={(sort: string) => set({ sort })}
        />
      )}
    </>
  );

  if (phone) {
    // A phone: the list as cards, the filters in a sheet from the bottom.
    return (
      <Card
        title={t('title')}
        size="small"
        extra={
          <Space size={4}>
            <FilterSheet active={active}>
              {controls}
              <ExportTasksButton filters={filters} />
            </FilterSheet>
            <Link to={paths.taskNew}>
              <Button type="primary" icon={<PlusOutlined />} aria-label={t('create')} />
            </Link>
          </Space>
        }
      >
        <TaskList filters={filters} />
      </Card>
    );
  }

  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Segmented
            value={view}
            onChange={(v) => setView(v as View)}
            options={[
              { value: 'list', label: t('view.list') },
              { value: 'board', label: t('view.board') },
            ]}
          />
          <ExportTasksButton filters={filters} />
          <Link to={paths.taskNew}>
            <Button type="primary" icon={<PlusOutlined />}>
              {t('create')}
            </Button>
          </Link>
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        {controls}
      </Flex>
      {view === 'list' ? <TaskList filters={filters} /> : <TaskBoard filters={filters} />}
    </Card>
  );
}
