// Writing a comment: plain text up to COMMENT_MAX code points, counted as typed. Post stays off while the
// text is empty or too long; a refusal from the server (too many comments in a row, say) is said in words
// under the box and the text is kept, so nothing typed is lost.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { COMMENT_MAX, type Comment } from '@style-license/shared';
import { Button } from '../../components/ui/Button';
import { inputClass } from '../../components/ui/Field';
import { describeError } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { CharacterCount, measureText, storedText } from './text-limit';

export function CommentForm({
  generationId,
  onPosted,
}: {
  generationId: string;
  onPosted: (comment: Comment) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const [body, setBody] = useState('');
  const add = useMutation(
    trpc.comments.add.mutationOptions({
      // Empties the box only if it still holds what was sent: words typed while it was on its way stay.
      onSuccess: (comment, sent) => {
        setBody((current) => (storedText(current) === sent.body ? '' : current));
        onPosted(comment);
      },
    }),
  );
  const { length, empty, over } = measureText(body, COMMENT_MAX);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (empty || over || add.isPending) return;
    add.mutate({ generationId, body: storedText(body) });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-1.5">
      <label htmlFor={id} className="sr-only">
        {t('gallery.comments.label')}
      </label>
      <textarea
        id={id}
        rows={3}
        value={body}
        placeholder={t('gallery.comments.placeholder')}
        onChange={(event) => {
          setBody(event.target.value);
          if (add.isError) add.reset();
        }}
        aria-describedby={`${id}-count`}
        aria-invalid={over || undefined}
        className={`${inputClass} resize-y`}
      />
      {add.isError && (
        <p role="alert" className="text-sm text-red-700">
          {describeError(add.error, t)}
        </p>
      )}
      <div className="flex items-start justify-between gap-3">
        <CharacterCount id={`${id}-count`} length={length} max={COMMENT_MAX} />
        <Button type="submit" size="sm" busy={add.isPending} disabled={empty || over}>
          {t('gallery.comments.submit')}
        </Button>
      </div>
    </form>
  );
}
