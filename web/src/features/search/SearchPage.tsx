import { PageHeader } from '../../components/ui/Page';

export function SearchPage() {
  return <PageHeader title="SearchPage" />;
}
