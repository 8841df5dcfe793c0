import { h, append } from '../dom.js';
import { t } from '../i18n/index.js';

/** Asks for confirmation in a modal <dialog>; resolves true on confirm, false on cancel or Escape. */
export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Date.now()}`;
    const dialog = h('dialog', { 'data-testid': 'confirm-dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', {}, message),
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-testid': 'cancel-button', onclick: () => dialog.close('cancel') }, t('action.cancel')),
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', 'data-testid': 'confirm-button', onclick: () => dialog.close('confirm') }, confirmLabel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    append(document.body, dialog);
    dialog.showModal();
  });
}
