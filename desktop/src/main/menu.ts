// The application menu: File (add a folder, quit), Edit (roles, so text fields get copy and paste),
// View (reload only in development), Help (the platform's website, through the checked opener).
import type { MenuItemConstructorOptions } from 'electron';
import type { Strings } from './strings';

export interface MenuOptions {
  strings: Strings;
  isMac: boolean;
  development: boolean;
  /** The native folder dialog, then the core's addFolder (its scan events reach the renderer). */
  addFolder(): void;
  /** The platform's home page in the system browser. */
  openWebsite(): void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { strings } = options;
  const view: MenuItemConstructorOptions[] = options.development
    ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    ...(options.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: strings.file,
      submenu: [
        { label: strings.addFolder, accelerator: 'CmdOrCtrl+O', click: () => options.addFolder() },
        { type: 'separator' },
        options.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: strings.edit,
      submenu: [
        // No undo/redo roles: their accelerators would take Ctrl+Z from the page, where it undoes tag edits.
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: strings.view,
      submenu: [
        ...view,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: strings.help, submenu: [{ label: strings.website, click: () => options.openWebsite() }] },
  ];
}
