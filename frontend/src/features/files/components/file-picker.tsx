import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '@/lib/format';

/**
 * Choose one file by click or drop (a form control: `value` is the File). Nothing is sent here:
 * the upload form sends it on submit, with its fields and a progress bar.
 */
export function FilePicker({
  value,
  onChange,
  hint,
  detail,
  testId,
}: {
  value?: File;
  onChange?: (file: File) => void;
  hint: string;
  detail?: string;
  testId?: string;
}) {
  const { i18n } = useTranslation();
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        multiple={false}
        showUploadList={false}
        customRequest={({ file, onSuccess }) => {
          if (file instanceof Blob) onChange?.(file as File);
          onSuccess?.({});
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        {value ? (
          <p className="ant-upload-text" data-testid="chosen-file">
            {value.name}（{formatBytes(value.size, i18n.resolvedLanguage ?? 'zh-CN')}）
          </p>
        ) : (
          <p className="ant-upload-text">{hint}</p>
        )}
        {detail && <p className="ant-upload-hint">{detail}</p>}
      </Upload.Dragger>
    </div>
  );
}
