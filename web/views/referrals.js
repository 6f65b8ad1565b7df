// The unit's boxes of referrals and transfers (#/referrals): Incoming (the first shown) and Outgoing tabs, each newest
// first with the case, the kind, the other unit, the urgency, the status and how long it has waited (stale ones
// flagged), with a "waiting only" filter (waiting=true) and more rows by next_cursor.

import { api } from '../api.js';
import { t, formatNumber, formatDate } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { checkboxField } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { tabSet } from '../components/tabs.js';
import { loadCodes } from '../components/codes.js';
import { caseHash, kindLabel, referenceText } from '../components/cases.js';
import {
  referralHash, referralKindLabel, referralStatusTag, urgencyTag, waitedCell, unitName, isOpen,
} from '../components/referrals.js';

const PAGE_SIZE = 50;
const BOXES = ['incoming', 'outgoing'];

// The box shown and the filter, kept while the user opens a referral and comes back.
let state = { box: 'incoming', waiting: false };

// The case of a row: its reference, a link to the case while the user's unit may open it (the sender until a transfer
// hands the case over; the receiver while the referral is pending or accepted).
function caseCell(referral, box) {
  const handedOver = referral.kind === 'transfer' && referral.status === 'accepted';
  const reachable = box === 'outgoing' ? !handedOver : referral.status === 'pending' || referral.status === 'accepted';
  return h(
    'span',
    { class: 'referral-case-cell' },
    reachable
      ? h('a', { href: caseHash(referral.case_id), 'data-test': 'referral-case' }, referenceText(referral.case_reference))
      : h('span', { 'data-test': 'referral-case' }, referenceText(referral.case_reference)),
    referral.case_kind ? h('span', { class: 'cell-sub', text: kindLabel(referral.case_kind) }) : null,
  );
}

function columns(box) {
  return [
    {
      label: t('referrals.column.kind'),
      className: 'nowrap',
      cell: (r) => h('a', { href: referralHash(r.id), class: 'referral-link', 'data-test': 'referral-link', 'data-referral-id': String(r.id) }, referralKindLabel(r.kind)),
    },
    { label: t('referrals.column.case'), className: 'nowrap', cell: (r) => caseCell(r, box) },
    {
      label: box === 'incoming' ? t('referrals.column.from') : t('referrals.column.to'),
      cell: (r) => h('span', { 'data-test': 'referral-unit', text: unitName(r, box === 'incoming' ? 'from' : 'to') }),
    },
    { label: t('referrals.column.urgency'), cell: (r) => urgencyTag(r.urgency) },
    { label: t('referrals.column.status'), cell: (r) => referralStatusTag(r.status) },
    { label: t('referrals.column.sent'), className: 'nowrap', cell: (r) => h('time', { datetime: r.sent_at, text: formatDate(r.sent_at) }) },
    { label: t('referrals.column.waited'), cell: (r) => waitedCell(r) },
  ];
}

// The rows of one box, with a count and a "load more" button; fills `results`. Throws ApiError on the first page.
async function loadBox(box, results, { context, messages }) {
  const table = dataTable({
    columns: columns(box),
    rows: [],
    caption: t('referrals.box.' + box),
    empty: state.waiting ? t('referrals.empty_waiting.' + box) : t('referrals.empty.' + box),
    testId: 'referrals-table-' + box,
    stack: true,
    onRowClick: (r) => context.navigate(referralHash(r.id)),
  });
  let cursor = null;
  let shown = 0;
  const count = h('p', { class: 'list-count', 'data-test': 'referral-count' });
  const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
  const fetchPage = async () => {
    const answer = await api.get('/referrals', { box, waiting: state.waiting ? 'true' : '', limit: PAGE_SIZE, cursor });
    const items = (answer && answer.items) || [];
    table.addRows(items);
    const rows = table.element.querySelectorAll('tbody tr:not(.empty-row)');
    items.forEach((item, index) => {
      const row = rows[shown + index];
      if (!row) return;
      row.setAttribute('data-test', 'referral-row');
      row.setAttribute('data-referral-id', String(item.id));
      if (item.stale && isOpen(item)) row.classList.add('row-overdue');
    });
    shown += items.length;
    count.textContent = t('referrals.shown', { count: formatNumber(shown) });
    count.hidden = !shown;
    cursor = (answer && answer.next_cursor) || null;
    more.hidden = !cursor;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      await fetchPage();
    } catch (error) {
      messages.error(error);
    } finally {
      more.disabled = false;
    }
  });
  await fetchPage();
  if (!context.isCurrent()) return;
  replaceChildren(results, count, table.element, h('div', { class: 'list-footer' }, more));
}

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Labels then show their codes.
  }
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  const results = {};
  const loaded = new Set();

  async function show(box) {
    messages.clear();
    try {
      await loadBox(box, results[box], { context, messages });
      loaded.add(box);
    } catch (error) {
      if (context.isCurrent()) messages.error(error);
    }
  }

  const waiting = checkboxField({ name: 'waiting', label: t('referrals.waiting_only'), value: state.waiting, testId: 'filter-waiting' });
  waiting.control.addEventListener('change', () => {
    state.waiting = waiting.getValue();
    loaded.clear();
    show(state.box);
  });

  const tabs = tabSet({
    label: t('referrals.boxes'),
    selected: state.box,
    tabs: BOXES.map((box) => {
      results[box] = h('div', { class: 'results', 'aria-live': 'polite', 'data-test': 'referral-results-' + box }, h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
      return { key: box, label: t('referrals.box.' + box), content: [h('p', { class: 'card-note', text: t('referrals.box_lead.' + box) }), results[box]] };
    }),
    onSelect: (box) => {
      state.box = box;
      if (!loaded.has(box)) show(box);
    },
  });

  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('referrals.title') }),
    h('p', { class: 'page-lead', text: t('referrals.lead') }),
    messages.element,
    h('div', { class: 'referral-filters', role: 'group', 'aria-label': t('common.filters') }, waiting.element),
    tabs.element,
  );
  await show(state.box);
}
