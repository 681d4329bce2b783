import { Alert, App, Button, Descriptions, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDayDto } from '@/features/work-calendar/api/get-work-calendar';
import { useImportWorkCalendar, type CalendarImportDto } from '@/features/work-calendar/api/import-work-calendar';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** The codes the server names a bad line with (see POST /work-calendar/imports). */
const LINE_CODES = [
  'unreadable',
  'invalid_date',
  'invalid_range',
  'range_too_long',
  'outside_year',
  'duplicate_day',
  'not_a_weekend',
  'name_too_long',
  'invalid_year',
  'year_twice',
  'year_after_days',
  'source_too_long',
  'no_days',
] as const;
type LineCode = (typeof LINE_CODES)[number];

type Problem = { line: number | null; code: LineCode | 'invalid' };

/** `lines[7]` → 7; `content` → null (the text as a whole). */
function problemsOf(fields: Record<string, string[]>): Problem[] {
  const known = (c: string): c is LineCode => (LINE_CODES as readonly string[]).includes(c);
  return Object.entries(fields)
    .flatMap(([key, codes]) => {
      const m = /^lines\[(\d+)\]$/.exec(key);
      const line = m?.[1] ? Number(m[1]) : null;
      return codes.map((c): Problem => ({ line, code: known(c) ? c : 'invalid' }));
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

const EXAMPLE = `year 2027
source 国务院办公厅关于2027年部分节假日安排的通知
2027-01-01 off 元旦
2027-02-06..2027-02-12 off 春节
2027-02-14 work 春节调休上班`;

/**
 * 导入节假日安排: paste or choose a year's schedule in the text format, check it (nothing is
 * saved), then import it. A bad line is named with its number; nothing is half-imported.
 */
export function ImportScheduleModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: (year: number) => void;
}) {
  const { t } = useTranslation(['workdays', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const mutation = useImportWorkCalendar();
  const [content, setContent] = useState('');
  const [preview, setPreview] = useState<CalendarImportDto | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setPreview(null);
    setProblems([]);
    setFailure(null);
  };

  const run = (dryRun: boolean) => {
    reset();
    mutation.mutate(
      { content, dry_run: dryRun },
      {
        onSuccess: (done) => {
          if (done.dry_run) {
            setPreview(done);
            return;
          }
          void notify.success(
            t('import.done', { year: done.year, holidays: done.holidays, make_up_days: done.make_up_days }),
          );
          setContent('');
          onImported(done.year);
          onClose();
        },
        onError: (err) => {
          const e = asApiError(err);
          const found = e.code === 'validation_failed' ? problemsOf(e.fields) : [];
          if (found.length > 0) setProblems(found);
          else setFailure(message(err));
        },
      },
    );
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void file.text().then((text) => {
      setContent(text);
      reset();
    });
  };

  const problemText = (p: Problem) => {
    const what = t(`import.errors.${p.code}`);
    return p.line === null ? what : t('import.line', { line: p.line, what });
  };

  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={720}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button onClick={() => run(true)} loading={mutation.isPending} disabled={!content.trim()}>
            {t('import.check')}
          </Button>
          <Button type="primary" onClick={() => run(false)} loading={mutation.isPending} disabled={!content.trim()}>
            {t('import.submit')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('import.hint')}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <pre style={{ margin: 0, fontSize: 12 }}>{EXAMPLE}</pre>
        </Typography.Paragraph>
        <Space>
          <Button onClick={() => document.getElementById('work-calendar-file')?.click()}>{t('import.file')}</Button>
          <input
            id="work-calendar-file"
            data-testid="work-calendar-file"
            type="file"
            accept=".txt,text/plain"
            style={{ display: 'none' }}
            onChange={onFile}
          />
        </Space>
        <Input.TextArea
          aria-label={t('import.content')}
          value={content}
          rows={10}
          maxLength={65536}
          placeholder={t('import.placeholder')}
          style={{ fontFamily: 'monospace' }}
          onChange={(e) => {
            setContent(e.target.value);
            reset();
          }}
        />
        {failure && <Alert type="error" showIcon message={failure} />}
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            message={t('import.invalid', { count: problems.length })}
            description={
              <List
                size="small"
                data-testid="import-problems"
                dataSource={problems}
                renderItem={(p) => <List.Item style={{ paddingInline: 0 }}>{problemText(p)}</List.Item>}
              />
            }
          />
        )}
        {preview && (
          <Alert
            type="success"
            showIcon
            message={t('import.preview', {
              year: preview.year,
              holidays: preview.holidays,
              make_up_days: preview.make_up_days,
            })}
            description={
              <Space direction="vertical" style={{ width: '100%' }}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'source', label: t('import.source'), children: preview.source ?? t('common:empty') },
                    {
                      key: 'replaced',
                      label: t('import.replaced_label'),
                      children: t('import.replaced', { count: preview.replaced, year: preview.year }),
                    },
                  ]}
                />
                <Table<CalendarDayDto>
                  rowKey="day"
                  size="small"
                  pagination={false}
                  scroll={{ y: 200 }}
                  dataSource={preview.days}
                  columns={[
                    { title: t('columns.day'), dataIndex: 'day', key: 'day' },
                    {
                      title: t('columns.kind'),
                      key: 'kind',
                      render: (_: unknown, d: CalendarDayDto) =>
                        d.working ? <Tag color="orange">{t('working')}</Tag> : <Tag color="green">{t('holiday')}</Tag>,
                    },
                    { title: t('columns.name'), dataIndex: 'name', key: 'name' },
                  ]}
                />
              </Space>
            }
          />
        )}
      </Space>
    </Modal>
  );
}
