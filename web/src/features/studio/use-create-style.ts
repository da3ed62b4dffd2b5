// Creating a style from the StyleForm: the one piece both the web's "New style" page and the desktop
// studio's "New style" dialog use (through this package's exports), so what a new style refreshes and how
// a refusal reaches the form cannot drift between the two. What happens after — the wording of the toast,
// where the artist goes next — is the caller's, passed as `onCreated`.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CreateStyleInput, MyStyle } from '@style-license/shared';
import { describeError, errorInfo } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { fieldErrorsFromDetails, type FieldErrors } from './style-rules';

/** The StyleForm's props for creating: spread them onto `<StyleForm submitLabel=… {...form} />`. */
export interface CreateStyleForm {
  busy: boolean;
  serverErrors: FieldErrors | null;
  formError: string | null;
  onSubmit: (input: CreateStyleInput) => void;
}

export function useCreateStyle(onCreated: (style: MyStyle) => void): CreateStyleForm {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.styles.create.mutationOptions());
  const [serverErrors, setServerErrors] = useState<FieldErrors | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  return {
    busy: create.isPending,
    serverErrors,
    formError,
    // Callbacks on `mutate`, as both callers had them: TanStack Query runs these only while the caller
    // is mounted, so a page left mid-request does not navigate back to the new style.
    onSubmit: (input) =>
      create.mutate(input, {
        onSuccess: (style) => {
          // The studio's list of the artist's styles (and the desktop's style picker) now has one more.
          void queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() });
          onCreated(style);
        },
        onError: (error) => {
          // A refusal the form can point at (the server's details name a field) goes under that field;
          // anything else (offline, not an artist…) is one message for the whole form.
          const fields = fieldErrorsFromDetails(errorInfo(error).details, t);
          setServerErrors(fields);
          setFormError(fields ? null : describeError(error, t));
        },
      }),
  };
}
