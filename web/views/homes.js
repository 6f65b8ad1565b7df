// The occupancy of every home (#/homes), for the ministry's managers and the committee: each home's type, capacity,
// residents tonight, free places by sex and age band, overstays, absences and capacity overrides — no names
// (GET /homes). A manager opens a home's register from its name; the committee reads the counts only. A home's staff
// are taken to their own home's register.

import { api } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { dataTable } from '../components/table.js';
import { homeHash, homeName, homeTypeLabel, sexLabel, bandLabel } from '../components/homes.js';

const has = (user, role) => Boolean(user && (user.roles || []).includes(role));

export async function render(container, context) {
  const user = context.user;
  if (has(user, 'home_staff') && !has(user, 'manager')) {
    context.navigate(homeHash(user.unit_id));
    return;
  }
  const answer = await api.get('/homes');
  if (!context.isCurrent()) return;
  const homes = answer.items || [];
  const readsRegisters = has(user, 'manager');
  const free = (home) => {
    // the free places by sex and age band, the rooms' added together
    const totals = new Map();
    for (const p of home.places || []) {
      const key = `${p.sex}/${p.age_band}`;
      totals.set(key, { sex: p.sex, band: p.age_band, free: (totals.get(key)?.free || 0) + p.free });
    }
    const items = [...totals.values()].filter((x) => x.free > 0);
    if (!items.length) return h('span', { class: 'muted', text: t('homes.none_free') });
    return h('ul', { class: 'plain-list free-places' }, items.map((x) => h('li', { text: t('homes.free_item', { sex: sexLabel(x.sex), band: bandLabel(x.band), free: formatNumber(x.free) }) })));
  };
  const count = (value, alert) => h('span', { class: alert && value ? 'overdue-text' : null, text: formatNumber(value || 0) });
  const table = dataTable({
    caption: t('homes.occupancy_title'),
    testId: 'homes-table',
    stack: true,
    columns: [
      { label: t('homes.col_home'), cell: (home) => (readsRegisters ? h('a', { href: homeHash(home.id), 'data-test': 'home-link' }, homeName(home)) : homeName(home)) },
      { label: t('homes.col_type'), cell: (home) => homeTypeLabel(home.home_type) },
      { label: t('homes.col_residents'), cell: (home) => h('span', { 'data-test': 'home-residents', text: `${formatNumber(home.residents)} / ${formatNumber(home.capacity)}` }) },
      { label: t('homes.col_free'), cell: free },
      { label: t('homes.col_overstays'), cell: (home) => count(home.overstays, true) },
      { label: t('homes.col_absences'), cell: (home) => count(home.absences, true) },
      { label: t('homes.col_overrides'), cell: (home) => count(home.capacity_overrides) },
    ],
    rows: homes,
  });
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('homes.occupancy_title') }),
    h('p', { class: 'page-lead', text: t('homes.occupancy_lead') }),
    table.element,
  );
}
