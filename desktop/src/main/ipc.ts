// One ipcMain.handle per studio operation, each on its own channel (no generic channel): an untrusted
// sender is refused before the core is touched; the input goes to the core unchanged (it validates).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelOf, STUDIO_OPERATIONS, type StudioOperation, type StudioResult } from '../bridge/studio-api';

export interface StudioIpcOptions {
  /** The sender check (security.ts `isTrustedSender` against the studio window). */
  isTrusted(event: IpcMainInvokeEvent): boolean;
  /** Runs one operation in the core and answers its envelope (never throws). */
  operation(name: StudioOperation, input: unknown): Promise<StudioResult<unknown>>;
}

export const FORBIDDEN: StudioResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Not the studio’s own page' },
};

export function registerStudioIpc(ipc: Pick<IpcMain, 'handle'>, options: StudioIpcOptions): void {
  for (const name of STUDIO_OPERATIONS) {
    // Only the first argument is the input; anything more a page sends is dropped here.
    ipc.handle(channelOf(name), async (event, input: unknown) =>
      options.isTrusted(event) ? options.operation(name, input) : FORBIDDEN,
    );
  }
}
