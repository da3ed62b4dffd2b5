import { PageHeader } from '../../components/ui/Page';

export function LicensePage() {
  return <PageHeader title="LicensePage" />;
}
