// Words for an upload's outcome: a refusal by its rule (studio.uploadRules), a failure by its API code.
import { useTranslation } from 'react-i18next';
import { studio } from '@style-license/shared/i18n/ui/en/studio';
import { useLocale } from '../../../lib/use-locale';
import type { UploadItem } from '../upload-queue';

const RULES = studio.uploadRules;
type Rule = keyof typeof RULES;
export const isUploadRule = (rule: string | null): rule is Rule =>
  rule !== null && Object.hasOwn(RULES, rule);

export function useUploadMessages() {
  const { t } = useTranslation();
  const locale = useLocale();
  const megabytes = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'megabyte',
    maximumFractionDigits: 1,
  });
  const kilobytes = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 0,
  });
  return {
    problem(item: Pick<UploadItem, 'state' | 'rule' | 'errorCode'>): string | null {
      if (item.state !== 'refused' && item.state !== 'failed') return null;
      if (isUploadRule(item.rule)) return t(`studio.uploadRules.${item.rule}`);
      if (item.state === 'refused') return t('studio.uploadRules.unknown');
      if (item.errorCode === null) return t('common.errors.network');
      return t(`errors.${item.errorCode}`);
    },
    size(bytes: number): string {
      return bytes >= 1024 * 1024
        ? megabytes.format(bytes / 1024 / 1024)
        : kilobytes.format(Math.max(1, bytes / 1024));
    },
  };
}
