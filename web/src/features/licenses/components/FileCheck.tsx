// Checks an image file against the licenses: dropped or chosen, read as base64 and sent to
// `licenses.verify`, which traces it by the exact file issued (SHA-256), our content credentials (C2PA),
// or the invisible license mark that survives re-encoding, resizing and cropping (an edited copy).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDropzone, type FileRejection } from 'react-dropzone';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../../components/ui/Feedback';
import { useTRPC } from '../../../lib/trpc';
import { useLocale } from '../../../lib/use-locale';
import { toBase64 } from '../../../lib/files';
import { formatBytes, MAX_FILE_BYTES } from '../license-view';
import { VerifyResult } from './VerifyResult';

const ACCEPT = { 'image/png': ['.png'], 'image/jpeg': ['.jpg', '.jpeg'], 'image/webp': ['.webp'] };

export function FileCheck() {
  const { t } = useTranslation();
  const locale = useLocale();
  const trpc = useTRPC();
  const verify = useMutation(trpc.licenses.verify.mutationOptions());
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const size = formatBytes(MAX_FILE_BYTES, locale);

  const check = async (file: File) => {
    setFileName(file.name);
    setProblem(null);
    verify.reset();
    let fileBase64: string;
    try {
      fileBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    } catch {
      setProblem(t('license.verify.byFile.unreadable'));
      return;
    }
    verify.mutate({ fileBase64 });
  };

  const refuse = ([rejection]: FileRejection[]) => {
    if (!rejection) return;
    verify.reset();
    setFileName(null);
    const tooLarge = rejection.errors.some((e) => e.code === 'file-too-large');
    setProblem(
      tooLarge ? t('license.verify.byFile.tooLarge', { size }) : t('license.verify.byFile.wrongType'),
    );
  };

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    accept: ACCEPT,
    maxSize: MAX_FILE_BYTES,
    multiple: false,
    noClick: true,
    noKeyboard: true, // the button below is the one keyboard control
    onDropAccepted: ([file]) => void (file && check(file)),
    onDropRejected: refuse,
  });

  return (
    <section
      aria-labelledby="verify-by-file"
      className="rounded-xl border border-stone-200 bg-white p-5 sm:p-6"
    >
      <h2 id="verify-by-file" className="text-lg font-semibold text-stone-900">
        {t('license.verify.byFile.title')}
      </h2>
      <p className="mt-1 text-sm text-stone-600">{t('license.verify.byFile.hint')}</p>
      <div
        {...getRootProps()}
        className={`mt-4 flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-4 py-10 text-center transition-colors ${
          isDragActive ? 'border-violet-500 bg-violet-50' : 'border-stone-300 bg-stone-50'
        }`}
      >
        <input
          {...getInputProps({ 'aria-label': t('license.verify.byFile.choose') })}
          data-testid="file-input"
        />
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          className="size-10 text-violet-600"
        >
          <path
            d="M4 16.5V18a2 2 0 002 2h12a2 2 0 002-2v-1.5M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <p className="font-medium text-stone-800">
          {isDragActive ? t('license.verify.byFile.dropActive') : t('license.verify.byFile.drop')}
        </p>
        <button
          type="button"
          onClick={open}
          className="rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-medium text-stone-800 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600"
        >
          {t('license.verify.byFile.choose')}
        </button>
        <p className="text-xs text-stone-500">{t('license.verify.byFile.limit', { size })}</p>
      </div>

      <div aria-live="polite" className="mt-4 empty:hidden">
        {problem && (
          <p
            role="alert"
            className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
          >
            {problem}
          </p>
        )}
        {verify.isPending && fileName && (
          <p role="status" className="flex items-center gap-3 text-sm text-stone-600">
            <span
              aria-hidden="true"
              className="size-4 animate-spin rounded-full border-2 border-violet-600 border-r-transparent"
            />
            {t('license.verify.byFile.checking', { name: fileName })}
          </p>
        )}
        {verify.error && <ErrorNotice error={verify.error} />}
        {verify.data && fileName && (
          <VerifyResult result={verify.data} fileName={fileName} onAnother={open} />
        )}
      </div>
    </section>
  );
}
