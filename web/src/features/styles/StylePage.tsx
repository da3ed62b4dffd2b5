import { PageHeader } from '../../components/ui/Page';

export function StylePage() {
  return <PageHeader title="StylePage" />;
}
