import { useTranslation } from 'react-i18next';
import { ComingSoon } from '@/components/ui/coming-soon';

type Module = 'tasks' | 'calendar' | 'files';

/** Placeholder pages for modules still being built. */
export function ComingSoonRoute({ module }: { module: Module }) {
  const { t } = useTranslation();
  return <ComingSoon module={t(`nav.${module}`)} />;
}
