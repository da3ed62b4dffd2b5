import { PageHeader } from '../../components/ui/Page';

export function TokensPage() {
  return <PageHeader title="TokensPage" />;
}
