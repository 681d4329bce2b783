import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Flex } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A list's filters on a phone: a 筛选 button (its badge counts the filters that apply) opening a
 * sheet from the bottom with the controls one under another. The controls stay mounted while the
 * sheet is closed, so what was chosen stays chosen.
 */
export function FilterSheet({ active, children }: { active: number; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Badge count={active} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setOpen(true)}>
          {t('filter_sheet.open')}
        </Button>
      </Badge>
      <Drawer
        placement="bottom"
        height="85%"
        open={open}
        forceRender
        title={t('filter_sheet.title')}
        onClose={() => setOpen(false)}
        footer={
          <Button type="primary" block onClick={() => setOpen(false)}>
            {t('filter_sheet.apply')}
          </Button>
        }
      >
        <Flex vertical gap={12}>
          {children}
        </Flex>
      </Drawer>
    </>
  );
}
