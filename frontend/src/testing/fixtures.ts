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
  };
}

export function accessToken(id: string, name: string): S['AccessTokenDto'] {
  return { id, name, prefix: 'tdm_ab12', created_at: NOW, last_used_at: null, expires_at: null };
}
