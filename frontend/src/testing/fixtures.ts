import type { components } from '@/lib/api/schema';

type S = components['schemas'];

const NOW = '2026-11-26T08:00:00Z';

export const salesDepartment: S['DepartmentDto'] = {
  id: '0193a000-0000-7000-8000-000000000003',
  name: '销售部',
  parent_id: null,
  heads: [{ id: '0193a000-0000-7000-8000-000000000102', name: '李四' }],
  member_count: 5,
  is_active: true,
  created_at: NOW,
  updated_at: NOW,
  version: 1,
};

export const zhangsan: S['MeDto'] = {
  id: '0193a000-0000-7000-8000-000000000101',
  email: 'zhangsan@demo.tandem.cn',
  name: '张三',
  mobile: null,
  department_id: salesDepartment.id,
  department_name: salesDepartment.name,
  title: '销售经理',
  supervisor_id: '0193a000-0000-7000-8000-000000000102',
  supervisor_name: '李四',
  role: 'member',
  is_active: true,
  created_at: NOW,
  updated_at: NOW,
  version: 1,
  locale: 'zh-CN',
  time_zone: 'Asia/Shanghai',
};

export const admin: S['MeDto'] = {
  ...zhangsan,
  id: '0193a000-0000-7000-8000-000000000001',
  email: 'admin@demo.tandem.cn',
  name: '系统管理员',
  department_id: null,
  department_name: null,
  title: null,
  supervisor_id: null,
  supervisor_name: null,
  role: 'admin',
};

export const DEMO_PASSWORD = 'Tandem@2026';

export function tokenResponse(user: S['MeDto'], n = 1): S['TokenResponse'] {
  return {
    access_token: `access-${n}`,
    token_type: 'Bearer',
    expires_in: 900,
    refresh_token: `refresh-${n}`,
    refresh_expires_at: '2026-12-26T08:00:00Z',
    user,
    device_token: null,
  };
}

export function accessToken(id: string, name: string): S['AccessTokenDto'] {
  return { id, name, prefix: 'tdm_ab12', created_at: NOW, last_used_at: null, expires_at: null };
}

export const marketingDepartment: S['DepartmentDto'] = {
  ...salesDepartment,
  id: '0193a000-0000-7000-8000-000000000004',
  name: '市场部',
  heads: [{ id: '0193a000-0000-7000-8000-000000000103', name: '王芳' }],
};

export const rdDepartment: S['DepartmentDto'] = {
  ...salesDepartment,
  id: '0193a000-0000-7000-8000-000000000005',
  name: '研发部',
  heads: [{ id: '0193a000-0000-7000-8000-000000000104', name: '杨帆' }],
};

/** A published top-level task owned by 张三, which he may do everything with. */
export function task(overrides: Partial<S['TaskDto']> = {}): S['TaskDto'] {
  const id = overrides.id ?? '0193b000-0000-7000-8000-000000000001';
  return {
    id,
    parent_id: null,
    root_id: id,
    scenario: 'cross_department',
    title: '双十一新品发布',
    priority: 'high',
    status: 'published',
    percent: 20,
    start_at: '2026-11-01T00:00:00Z',
    due_at: '2026-12-31T15:59:59Z',
    is_overdue: false,
    owner: { id: zhangsan.id, name: zhangsan.name },
    initiating_department: { id: salesDepartment.id, name: salesDepartment.name },
    departments: [
      { id: salesDepartment.id, name: salesDepartment.name },
      { id: marketingDepartment.id, name: marketingDepartment.name },
    ],
    subtask_count: 0,
    open_subtask_count: 0,
    visibility: 'normal',
    updated_at: NOW,
    version: 3,
    goal: '12 月 31 日前完成发布，线上预约 5000 人',
    template: 'cross_department_application',
    resources: '研发两人',
    risks: '供应链延迟',
    collaborators: [],
    created_by: { id: zhangsan.id, name: zhangsan.name },
    milestones: [{ name: '首版设计', due_at: '2026-12-01T15:59:59Z', done_at: null }],
    review_rounds: 0,
    published_at: NOW,
    completed_at: null,
    created_at: NOW,
    subtasks: [],
    progress: [],
    predecessors: [],
    successors: [],
    is_blocked: false,
    is_at_risk: false,
    earliest_start_at: null,
    escalation_due_at: null,
    escalated_at: null,
    sla_fallback_years: [],
    allowed_transitions: ['in_progress', 'cancelled'],
    capabilities: { can_edit: true, can_update_progress: true, can_split: true, can_delete: true },
    ...overrides,
  };
}

/** The list form of a task. */
export function taskSummary(overrides: Partial<S['TaskDto']> = {}): S['TaskSummaryDto'] {
  const {
    goal: _goal,
    template: _template,
    resources: _resources,
    risks: _risks,
    collaborators: _collaborators,
    created_by: _createdBy,
    milestones: _milestones,
    review_rounds: _reviewRounds,
    published_at: _publishedAt,
    completed_at: _completedAt,
    created_at: _createdAt,
    subtasks: _subtasks,
    progress: _progress,
    predecessors: _predecessors,
    successors: _successors,
    is_blocked: _isBlocked,
    is_at_risk: _isAtRisk,
    earliest_start_at: _earliestStart,
    escalation_due_at: _escalationDue,
    escalated_at: _escalated,
    sla_fallback_years: _slaFallbackYears,
    allowed_transitions: _allowed,
    capabilities: _capabilities,
    ...summary
  } = task(overrides);
  return summary;
}

export function notification(id: string, title: string, overrides: Partial<S['NotificationDto']> = {}): S['NotificationDto'] {
  return {
    id,
    kind: 'task_published',
    title,
    task_id: task().id,
    task_title: task().title,
    actor: { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' },
    created_at: NOW,
    read_at: null,
    acked_at: null,
    ...overrides,
  };
}

export const applicationTemplate: S['Template'] = {
  id: 'cross_department_application',
  kind: 'task_form',
  name_zh: '跨部门协作任务申请表',
  name_en: 'Cross-department task application',
  description_zh: '',
  description_en: '',
  scenario: 'cross_department',
  fields: [
    { key: 'title', label_zh: '任务名称', label_en: 'Task name', kind: 'text', required: true },
    { key: 'initiating_department_id', label_zh: '发起部门', label_en: 'Initiating department', kind: 'department', required: true },
    { key: 'department_ids', label_zh: '协作部门', label_en: 'Collaborating departments', kind: 'departments', required: true, rule: 'min_two' },
    { key: 'owner_id', label_zh: '负责人', label_en: 'Owner', kind: 'user', required: true },
    { key: 'goal', label_zh: '可衡量目标', label_en: 'Measurable goal', kind: 'long_text', required: true },
    { key: 'due_at', label_zh: '截止日期', label_en: 'Deadline', kind: 'date', required: true },
    { key: 'milestones', label_zh: '关键节点/里程碑', label_en: 'Key dates / milestones', kind: 'milestones', required: true, rule: 'at_least_one' },
    { key: 'resources', label_zh: '所需资源', label_en: 'Resources needed', kind: 'long_text', required: false },
    { key: 'risks', label_zh: '风险评估', label_en: 'Risk assessment', kind: 'long_text', required: false },
    { key: 'priority', label_zh: '优先级', label_en: 'Priority', kind: 'priority', required: false },
    { key: 'collaborator_ids', label_zh: '协作者', label_en: 'Collaborators', kind: 'users', required: false },
  ],
};

/** A scheduled meeting about task() organized by 张三, which he may edit; no minutes yet. */
export function meeting(overrides: Partial<S['MeetingDto']> = {}): S['MeetingDto'] {
  const id = overrides.id ?? '0193c000-0000-7000-8000-000000000001';
  return {
    id,
    task_id: task().id,
    task_title: task().title,
    organizer: { id: zhangsan.id, name: zhangsan.name },
    title: '双十一新品发布 协调会',
    starts_at: '2026-11-27T02:00:00Z',
    ends_at: '2026-11-27T02:30:00Z',
    duration_minutes: 30,
    location: '3 楼大会议室',
    online_url: '',
    agenda: '## 目标\n12 月 31 日前完成发布',
    status: 'scheduled',
    sequence: 0,
    participants: [
      { id: zhangsan.id, name: zhangsan.name },
      { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' },
    ],
    discussion: '',
    decisions: '',
    action_items: [],
    minutes_by: null,
    minutes_at: null,
    invite_url: `/api/v1/meetings/${id}/invite.ics`,
    version: 1,
    can_edit: true,
    ...overrides,
  };
}

const wangfangRef = { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' };
const FILE_ID = '0193d000-0000-7000-8000-000000000001';

/** Version `number` of a spreadsheet uploaded by 王芳. */
export function fileVersion(number: number, overrides: Partial<S['FileVersionDto']> = {}): S['FileVersionDto'] {
  return {
    number,
    size_bytes: 24_576,
    content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    sha256: `${number}`.repeat(64).slice(0, 64),
    note: '',
    restored_from: null,
    created_by: wangfangRef,
    created_at: NOW,
    download_url: `/api/v1/files/${FILE_ID}/versions/${number}/content`,
    ...overrides,
  };
}

/** A file of task() at its first version, visible to collaborators, which the caller may change and share. */
export function taskFile(overrides: Partial<S['FileDto']> = {}): S['FileDto'] {
  const id = overrides.id ?? FILE_ID;
  return {
    id,
    task_id: task().id,
    name: '渠道反馈数据.xlsx',
    description: '',
    access: { level: 'collaborators', departments: [], people: [] },
    current_version: fileVersion(1),
    kind: 'spreadsheet',
    created_by: wangfangRef,
    created_at: NOW,
    updated_at: NOW,
    deleted_at: null,
    version: 1,
    can_write: true,
    can_share: true,
    download_url: `/api/v1/files/${id}/content`,
    ...overrides,
  };
}
