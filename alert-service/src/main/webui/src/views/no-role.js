import { h } from '../dom.js';

export function renderNoRole({ t, auth }) {
  const el = h('section', { class: 'panel', 'data-testid': 'no-role' },
    h('h1', {}, t('noRole.title')),
    h('p', {}, t('noRole.explanation')),
    h('p', {}, auth.agency ? t('noRole.askAgency', { agency: auth.agency }) : t('noRole.askAdmin')));
  return { el };
}
