// The pages of the sections that later versions bring: their title and a plain notice.

import { t } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';

// The sections shown in the navigation before they are built, in their order there (the person registry, the cases,
// the referrals and the social studies, built, come first for the roles that may use them).
export const SECTIONS = ['placements', 'committee', 'statistics'];

export async function render(container, context) {
  const name = context.params.section;
  replaceChildren(
    container,
    h('h1', { class: 'page-title', id: 'section-title', text: t('nav.' + name) }),
    h('p', { class: 'page-lead', text: t('section.about.' + name) }),
    h(
      'div',
      { class: 'placeholder', 'data-test': 'section-unavailable' },
      h('p', { class: 'placeholder-title', text: t('section.unavailable_title') }),
      h('p', { text: t('section.unavailable') }),
    ),
  );
}
