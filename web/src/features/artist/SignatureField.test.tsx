import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SIGNATURE_MAX_BYTES } from '@style-license/shared';
import { initI18n } from '../../lib/i18n';
import { SignatureField } from './SignatureField';
import { checkSignatureFile } from './signature-file';

initI18n('en');

function file(name: string, type: string, size = 100) {
  const f = new File(['x'], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

describe('signature file checks', () => {
  it('takes PNG and JPG up to 2 MB, refuses other types and bigger files', () => {
    expect(checkSignatureFile(file('s.png', 'image/png'))).toBeNull();
    expect(checkSignatureFile(file('s.JPEG', 'image/jpeg'))).toBeNull();
    expect(checkSignatureFile(file('s.gif', 'image/gif'))).toBe('format');
    expect(checkSignatureFile(file('s.png', 'image/webp'))).toBe('format');
    expect(checkSignatureFile(file('s.png', 'image/png', SIGNATURE_MAX_BYTES + 1))).toBe('max_size');
  });

  it('tells the user at once why a chosen file cannot be their signature', async () => {
    const onFile = vi.fn();
    render(<SignatureField label="Signature" onFile={onFile} error={null} />);
    const input = screen.getByLabelText('Signature');
    await userEvent.setup({ applyAccept: false }).upload(input, file('scan.gif', 'image/gif'));
    expect(onFile).toHaveBeenCalledWith(null, 'The signature must be a PNG or JPG image.');
    expect(screen.getByText('scan.gif')).toBeInTheDocument();
  });
});
