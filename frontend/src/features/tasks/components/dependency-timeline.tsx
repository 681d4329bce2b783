import { Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { taskPath } from '@/config/paths';
import type { GraphEdgeDto, GraphNodeDto, TaskGraphDto } from '@/features/tasks/api/types';
import { formatDate } from '@/lib/format';

const DAY = 86_400_000;
const ROW = 30;
const LABEL = 220;
const BAR = 14;
const COLORS = {
  critical: '#cf1322',
  atRisk: '#d46b08',
  done: '#389e0d',
  normal: '#1677ff',
  summary: '#434343',
  planned: '#d9d9d9',
  edge: '#8c8c8c',
};

/** The tree in reading order: each task followed by its subtasks; linked tasks of other trees last. */
export function timelineRows(graph: TaskGraphDto): GraphNodeDto[] {
  const children = new Map<string | null, GraphNodeDto[]>();
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const n of graph.nodes) {
    if (n.is_external) continue;
    const parent = n.parent_id && ids.has(n.parent_id) ? n.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const out: GraphNodeDto[] = [];
  const walk = (parent: string | null) => {
    for (const n of children.get(parent) ?? []) {
      out.push(n);
      walk(n.id);
    }
  };
  walk(null);
  return [...out, ...graph.nodes.filter((n) => n.is_external)];
}

function barColor(n: GraphNodeDto): string {
  if (n.is_summary) return COLORS.summary;
  if (n.status === 'done' || n.status === 'archived') return COLORS.done;
  if (n.is_critical) return COLORS.critical;
  if (n.is_at_risk) return COLORS.atRisk;
  return COLORS.normal;
}

/** A Gantt-style timeline: planned dates in grey, the computed schedule in colour, arrows for dependencies. */
export function DependencyTimeline({ graph, language, timeZone }: { graph: TaskGraphDto; language: string; timeZone?: string }) {
  const { t } = useTranslation('tasks');
  const rows = timelineRows(graph);
  if (rows.length === 0) return null;
  const times = rows.flatMap((n) =>
    [n.start_at, n.due_at, n.earliest_start_at, n.earliest_finish_at].filter((x): x is string => !!x).map((x) => Date.parse(x)),
  );
  const from = Math.floor(Math.min(...times) / DAY) * DAY;
  const to = Math.ceil(Math.max(...times) / DAY) * DAY + DAY;
  const days = Math.max(1, Math.round((to - from) / DAY));
  const perDay = Math.max(6, Math.min(40, Math.floor(760 / days)));
  const width = LABEL + days * perDay + 16;
  const height = rows.length * ROW + 28;
  const x = (iso: string) => LABEL + ((Date.parse(iso) - from) / DAY) * perDay;
  const index = new Map(rows.map((n, i) => [n.id, i]));
  const y = (i: number) => 28 + i * ROW + ROW / 2;
  const start = (n: GraphNodeDto) => n.earliest_start_at ?? n.start_at;
  const finish = (n: GraphNodeDto) => n.earliest_finish_at ?? n.due_at;
  const byId = new Map(rows.map((n) => [n.id, n]));
  const tickEvery = Math.ceil(56 / perDay);
  const tickLabel = (ms: number) => {
    try {
      return new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric', timeZone }).format(ms);
    } catch {
      return new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric' }).format(ms);
    }
  };
  const ticks = Array.from({ length: Math.floor(days / tickEvery) + 1 }, (_, i) => from + i * tickEvery * DAY);
  const now = Date.now();

  const edgePath = (e: GraphEdgeDto): string | null => {
    const [pi, si] = [index.get(e.predecessor_id), index.get(e.successor_id)];
    if (pi === undefined || si === undefined) return null;
    const [p, s] = [byId.get(e.predecessor_id)!, byId.get(e.successor_id)!];
    const x1 = e.kind === 'start_to_start' ? x(start(p)) : x(finish(p));
    const x2 = e.kind === 'finish_to_finish' ? x(finish(s)) : x(start(s));
    const [y1, y2] = [y(pi), y(si)];
    const out = e.kind === 'start_to_start' ? x1 - 8 : x1 + 8;
    const into = e.kind === 'finish_to_finish' ? x2 + 8 : x2 - 8;
    const mid = y1 + (y2 > y1 ? ROW / 2 : -ROW / 2);
    return `M${x1},${y1} H${out} V${mid} H${into} V${y2} H${x2}`;
  };

  return (
    <div style={{ overflowX: 'auto' }}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={t('graph.timeline')}
        style={{ fontSize: 12, fontFamily: 'inherit', display: 'block' }}
      >
        <defs>
          {(['edge', 'critical'] as const).map((k) => (
            <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill={k === 'critical' ? COLORS.critical : COLORS.edge} />
            </marker>
          ))}
        </defs>
        {ticks.map((d) => (
          <g key={d}>
            <line x1={LABEL + ((d - from) / DAY) * perDay} x2={LABEL + ((d - from) / DAY) * perDay} y1={20} y2={height} stroke="#f0f0f0" />
            <text x={LABEL + ((d - from) / DAY) * perDay + 2} y={14} fill="#8c8c8c">
              {tickLabel(d)}
            </text>
          </g>
        ))}
        {now > from && now < to && (
          <line x1={x(new Date(now).toISOString())} x2={x(new Date(now).toISOString())} y1={20} y2={height} stroke="#ff7875" strokeDasharray="4 3" />
        )}
        {rows.map((n, i) => (
          <g
            key={n.id}
            data-testid="timeline-row"
            data-title={n.title}
            data-critical={n.is_critical}
            data-at-risk={n.is_at_risk}
            data-blocked={n.is_blocked}
          >
            <title>
              {`${n.title} · ${n.owner.name}\n${t('graph.planned')}: ${formatDate(n.start_at, language, timeZone)} – ${formatDate(n.due_at, language, timeZone)}` +
                (n.earliest_start_at
                  ? `\n${t('graph.earliest')}: ${formatDate(n.earliest_start_at, language, timeZone)} – ${formatDate(n.earliest_finish_at, language, timeZone)}`
                  : '') +
                (n.slack_seconds !== null ? `\n${t('graph.slack')}: ${t('graph.days', { count: Math.round(n.slack_seconds / 8640) / 10 })}` : '')}
            </title>
            {i % 2 === 1 && <rect x={0} y={y(i) - ROW / 2} width={width} height={ROW} fill="#fafafa" />}
            <text x={8 + (n.is_external ? 0 : Math.min(depthOf(n, byId), 4) * 12)} y={y(i) + 4} fill={n.is_external ? '#8c8c8c' : '#262626'}>
              {truncate(n.title, n.is_external ? 16 : 18 - Math.min(depthOf(n, byId), 4) * 2)}
              {n.is_external ? `（${t('graph.external')}）` : ''}
            </text>
            <rect x={x(n.start_at)} y={y(i) - BAR / 2 - 2} width={Math.max(2, x(n.due_at) - x(n.start_at))} height={BAR + 4} fill="none" stroke={COLORS.planned} strokeDasharray="3 2" rx={3} />
            <rect
              x={x(start(n))}
              y={y(i) - (n.is_summary ? 3 : BAR / 2)}
              width={Math.max(2, x(finish(n)) - x(start(n)))}
              height={n.is_summary ? 6 : BAR}
              fill={barColor(n)}
              stroke={n.is_at_risk ? COLORS.atRisk : undefined}
              strokeWidth={n.is_at_risk ? 2 : undefined}
              opacity={n.is_external ? 0.5 : 0.9}
              rx={2}
            />
          </g>
        ))}
        {graph.edges.map((e) => {
          const d = edgePath(e);
          return d ? (
            <path
              key={e.id}
              d={d}
              fill="none"
              stroke={e.is_critical ? COLORS.critical : COLORS.edge}
              strokeWidth={e.is_critical ? 2 : 1.2}
              strokeDasharray={e.is_satisfied ? '4 3' : undefined}
              markerEnd={`url(#arrow-${e.is_critical ? 'critical' : 'edge'})`}
            />
          ) : null;
        })}
      </svg>
      <Flex gap={12} wrap style={{ marginTop: 8 }}>
        <Space size={4}>
          <Legend color={COLORS.critical} />
          {t('graph.legend_critical')}
        </Space>
        <Space size={4}>
          <Legend color={COLORS.atRisk} />
          {t('graph.legend_at_risk')}
        </Space>
        <Space size={4}>
          <Legend color={COLORS.normal} />
          {t('graph.legend_normal')}
        </Space>
        <Space size={4}>
          <Legend color={COLORS.done} />
          {t('graph.legend_done')}
        </Space>
        <Space size={4}>
          <Legend color="#fff" border={COLORS.planned} />
          {t('graph.legend_planned')}
        </Space>
      </Flex>
    </div>
  );
}

function Legend({ color, border }: { color: string; border?: string }) {
  return <span style={{ display: 'inline-block', width: 14, height: 10, background: color, border: `1px dashed ${border ?? color}` }} />;
}

function depthOf(n: GraphNodeDto, byId: Map<string, GraphNodeDto>): number {
  let depth = 0;
  let cur = n.parent_id;
  while (cur && byId.has(cur) && depth < 10) {
    depth += 1;
    cur = byId.get(cur)!.parent_id;
  }
  return depth;
}

function truncate(s: string, n: number): string {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s;
}

/** The critical path as "A → B → C", each a link to the task. */
export function CriticalPath({ graph }: { graph: TaskGraphDto }) {
  const { t } = useTranslation('tasks');
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  if (graph.critical_path.length === 0) return null;
  return (
    <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="critical-path">
      <Tag color="red">{t('graph.critical_path')}</Tag>
      {graph.critical_path.map((id, i) => (
        <span key={id}>
          {i > 0 && ' → '}
          <Link to={taskPath(id)}>{byId.get(id)?.title ?? id}</Link>
        </span>
      ))}
    </Typography.Paragraph>
  );
}
