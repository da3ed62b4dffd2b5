// The owner's licensed PNG: a fresh 10-minute link asked for on each click, served as an attachment, so
// the page stays where it is. On an image's page and on each finished image in My images.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button';
import { describeError } from '../../lib/errors';
import { toast } from '../../lib/toast';
import { useTRPCClient } from '../../lib/trpc';

export function DownloadButton({ generationId, size = 'sm' }: { generationId: string; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      const { url } = await client.generation.download.query({ generationId });
      window.location.assign(url);
    } catch (error) {
      toast('error', describeError(error, t));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Button size={size} busy={downloading} onClick={() => void download()}>
      {t('gallery.download')}
    </Button>
  );
}
