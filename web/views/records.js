// The records officer's page (#/records): the sealed juvenile records by number and unit (no names), the court
// orders that open one to a reader for a time or lift its seal, the cases past their retention waiting for a
// decision (anonymise, for good, or keep with a reason), and persons' requests for erasure. GET /sealed-records,
// POST /sealed-records/{id}/orders, GET /seal-orders, GET /retention-reviews, POST /retention-reviews/{id}/anonymise
// and /keep, GET /erasure-requests, POST /erasure-requests/{id}/decision.

import { api } from '../api.js';
import { t, formatDateTime, formatDate, formatCalendarDate, localName, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot, errorText } from '../components/banner.js';
import { textField, textAreaField, selectField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { codeLabel, codeChoices, loadCodes } from '../components/codes.js';

let flash = null;

const unitName = (r) => localName({ name_ar: r.unit_name_ar, name_en: r.unit_name_en });
const reference = (text) => h('bdi', { dir: 'ltr', text: text || '' });

// A card of the page under its title, shown (the table's caption alone is read only by a screen reader).
function card(id, title, ...children) {
  return h('section', { class: 'card', id, 'aria-labelledby': id + '-title' }, h('h2', { class: 'card-title', id: id + '-title', text: title }), ...children);
}

// The form of a court order on one sealed case: its court from the list, its number/year, the purpose, and for a
// read the reader and the days.
function orderForm(sealed, done) {
  const kind = selectField({
    name: 'kind', label: t('records.order_kind'), required: true, testId: 'order-kind',
    choices: [{ value: 'read', label: t('records.kind_read') }, { value: 'unseal', label: t('records.kind_unseal') }],
    value: 'read',
  });
  const court = selectField({ name: 'court', label: t('records.court'), required: true, emptyLabel: '', testId: 'order-court', choices: codeChoices('courts') });
  const order = textField({ name: 'order', label: t('records.order'), hint: t('records.order_hint'), required: true, dir: 'ltr', maxlength: 40, testId: 'order-reference' });
  const purpose = textAreaField({ name: 'purpose', label: t('records.purpose'), required: true, dir: 'auto', maxlength: 1000, rows: 2, testId: 'order-purpose' });
  const reader = textField({ name: 'reader', label: t('records.reader'), hint: t('records.reader_hint'), dir: 'ltr', maxlength: 80, testId: 'order-reader' });
  const days = textField({ name: 'days', label: t('records.days'), inputmode: 'numeric', maxlength: 3, value: '7', testId: 'order-days' });
  const readOnly = [reader.element, days.element];
  const showReadFields = () => readOnly.forEach((el) => { el.hidden = kind.getValue() !== 'read'; });
  kind.element.addEventListener('change', showReadFields);
  showReadFields();
  const form = createForm({
    fields: [kind, court, order, purpose, reader, days],
    submitLabel: t('records.record_order'),
    busyLabel: t('common.saving'),
    testId: 'order-form',
    onSubmit: async (values) => {
      const body = { kind: values.kind, court: values.court, order: values.order, purpose: values.purpose };
      if (values.kind === 'read') {
        body.reader = values.reader || null;
        body.days = values.days ? Number(values.days) : null;
      }
      await api.post(`/sealed-records/${sealed.case_id}/orders`, body);
      done(t(values.kind === 'read' ? 'records.order_recorded' : 'records.unsealed', { reference: sealed.reference }));
    },
  });
  return h('section', { class: 'card records-order', 'data-test': 'order-card' },
    h('h3', { text: t('records.order_for', { reference: sealed.reference }) }),
    form.element);
}

function sealedSection(items, orders, rerender) {
  const slot = h('div', {});
  const table = dataTable({
    caption: t('records.sealed_title'),
    testId: 'sealed-table',
    columns: [
      { label: t('records.col_reference'), cell: (s) => reference(s.reference) },
      { label: t('records.col_kind'), cell: (s) => codeLabel('case_kinds', s.kind) },
      { label: t('records.col_unit'), cell: (s) => unitName(s) },
      { label: t('records.col_sealed_at'), cell: (s) => h('time', { datetime: s.sealed_at, text: formatDate(s.sealed_at) }) },
      { label: t('records.col_orders'), cell: (s) => formatNumber(s.orders) },
      {
        label: t('records.col_action'),
        cell: (s) => h('button', {
          type: 'button', class: 'button button-small', 'data-test': 'record-order',
          onclick: () => replaceChildren(slot, orderForm(s, rerender)),
        }, t('records.record_order')),
      },
    ],
    rows: items,
    empty: t('records.sealed_none'),
  });
  const orderTable = dataTable({
    caption: t('records.orders_title'),
    testId: 'orders-table',
    columns: [
      { label: t('records.col_recorded_at'), cell: (o) => h('time', { datetime: o.recorded_at, text: formatDateTime(o.recorded_at) }) },
      { label: t('records.col_reference'), cell: (o) => reference(o.case_reference) },
      { label: t('records.order_kind'), cell: (o) => t(o.kind === 'read' ? 'records.kind_read' : 'records.kind_unseal') },
      { label: t('records.court'), cell: (o) => h('span', {}, codeLabel('courts', o.court), ' ', reference(o.order)) },
      { label: t('records.purpose'), cell: (o) => h('span', { dir: 'auto', text: o.purpose }) },
      { label: t('records.reader'), cell: (o) => (o.reader_name ? h('span', {}, o.reader_name, h('br'), h('span', { class: 'muted', text: t('records.until', { at: formatDateTime(o.expires_at) }) })) : '—') },
      { label: t('records.col_recorded_by'), cell: (o) => o.recorded_by_name || '' },
    ],
    rows: orders,
    empty: t('records.orders_none'),
  });
  return [
    card('sealed', t('records.sealed_title'), table.element, slot),
    card('orders', t('records.orders_title'), orderTable.element),
  ];
}

function retentionSection(items, rerender) {
  const decide = (r) => {
    const cell = h('div', { class: 'records-decision' });
    const reason = textField({ name: 'reason', label: t('records.keep_reason'), dir: 'auto', maxlength: 1000, testId: 'keep-reason' });
    const messages = bannerSlot();
    const act = async (path, body, done) => {
      try {
        await api.post(`/retention-reviews/${r.case_id}/${path}`, body);
        rerender(done);
      } catch (error) {
        if (path === 'keep' && error.fields.reason) reason.setError(error.fields.reason.message || errorText(error));
        else messages.error(error);
      }
    };
    const confirm = h('button', {
      type: 'button', class: 'button button-small button-danger', hidden: true, 'data-test': 'anonymise-confirm',
      onclick: () => act('anonymise', { version: r.version }, t('records.anonymised', { reference: r.reference })),
    }, t('records.anonymise_confirm'));
    replaceChildren(cell,
      messages.element,
      h('button', {
        type: 'button', class: 'button button-small', 'data-test': 'anonymise',
        onclick: (event) => { event.currentTarget.hidden = true; confirm.hidden = false; confirm.focus(); },
      }, t('records.anonymise')),
      confirm,
      h('details', {}, h('summary', { text: t('records.keep') }), reason.element,
        h('button', {
          type: 'button', class: 'button button-small', 'data-test': 'keep',
          onclick: () => act('keep', { version: r.version, reason: reason.getValue() }, t('records.kept', { reference: r.reference })),
        }, t('records.keep'))));
    return cell;
  };
  const table = dataTable({
    caption: t('records.retention_title'),
    testId: 'retention-table',
    columns: [
      { label: t('records.col_reference'), cell: (r) => reference(r.reference) },
      { label: t('records.col_kind'), cell: (r) => codeLabel('case_kinds', r.kind) },
      { label: t('records.col_unit'), cell: (r) => unitName(r) },
      { label: t('records.col_closed_at'), cell: (r) => formatDate(r.closed_at) },
      { label: t('records.col_due_on'), cell: (r) => formatCalendarDate(r.due_on, { month: 'short' }) },
      { label: t('records.col_action'), cell: decide },
    ],
    rows: items,
    empty: t('records.retention_none'),
  });
  return card('retention', t('records.retention_title'), h('p', { class: 'card-note', text: t('records.retention_lead') }), table.element);
}

// The retention decisions taken: the cases kept, with the reason given, and those anonymised, newest first.
function decidedSection(kept, anonymised) {
  const rows = kept.concat(anonymised).sort((a, b) => String(b.decided_at || '').localeCompare(String(a.decided_at || '')));
  const table = dataTable({
    caption: t('records.decided_title'),
    testId: 'retention-decided-table',
    columns: [
      { label: t('records.col_reference'), cell: (r) => reference(r.reference) },
      { label: t('records.col_kind'), cell: (r) => codeLabel('case_kinds', r.kind) },
      { label: t('records.col_unit'), cell: (r) => unitName(r) },
      { label: t('records.col_closed_at'), cell: (r) => formatDate(r.closed_at) },
      { label: t('records.col_decided_at'), cell: (r) => formatDateTime(r.decided_at) },
      {
        label: t('records.col_decision'),
        cell: (r) => h('span', { 'data-test': 'retention-decision', 'data-state': r.state },
          h('span', { class: ['tag', r.state === 'kept' ? 'status-active' : 'tag-muted'], text: t('records.decision_' + r.state) }),
          r.keep_reason ? [' ', h('span', { dir: 'auto', text: r.keep_reason })] : null),
      },
    ],
    rows,
    empty: t('records.decided_none'),
  });
  return card('retention-decided', t('records.decided_title'), table.element);
}

function erasureSection(items, rerender) {
  const decide = (e) => {
    if (e.state !== 'pending') {
      return h('span', { class: ['tag', e.state === 'erased' ? 'status-active' : 'tag-muted'], 'data-test': 'erasure-state' },
        t('records.erasure_' + e.state), e.refusal ? ' — ' + codeLabel('erasure_refusals', e.refusal) : '');
    }
    const decision = selectField({
      name: 'decision', label: t('records.decision'), testId: 'erasure-decision',
      choices: [{ value: 'erase', label: t('records.erase') }, { value: 'refuse', label: t('records.refuse') }],
    });
    const refusal = selectField({ name: 'refusal', label: t('records.refusal'), emptyLabel: '', testId: 'erasure-refusal', choices: codeChoices('erasure_refusals') });
    const note = textField({ name: 'note', label: t('records.note'), dir: 'auto', maxlength: 1000, testId: 'erasure-note' });
    const form = createForm({
      fields: [decision, refusal, note],
      submitLabel: t('records.decide'),
      busyLabel: t('common.saving'),
      testId: 'erasure-form',
      onSubmit: async (values) => {
        await api.post(`/erasure-requests/${e.id}/decision`, {
          version: e.version, decision: values.decision, refusal: values.decision === 'refuse' ? values.refusal || null : null, note: values.note || null,
        });
        rerender(t('records.decided'));
      },
    });
    return form.element;
  };
  const table = dataTable({
    caption: t('records.erasure_title'),
    testId: 'erasure-table',
    columns: [
      { label: t('records.col_requested_at'), cell: (e) => formatDateTime(e.requested_at) },
      // by the record's number: the records officer decides by the law's reasons, not by who she is
      { label: t('records.col_person'), cell: (e) => h('bdi', { text: t('records.person_record', { id: String(e.person_id) }) }) },
      { label: t('records.col_basis'), cell: (e) => h('span', { dir: 'auto', text: e.basis }) },
      { label: t('records.col_requested_by'), cell: (e) => h('span', {}, e.requested_by_name || '', h('br'), h('span', { class: 'muted', text: unitName(e) })) },
      { label: t('records.col_action'), cell: decide },
    ],
    rows: items,
    empty: t('records.erasure_none'),
  });
  return card('erasure', t('records.erasure_title'), table.element);
}

export async function render(container, context) {
  await loadCodes().catch(() => {});
  const [sealed, orders, retention, kept, anonymised, erasure] = await Promise.all([
    api.get('/sealed-records'),
    api.get('/seal-orders'),
    api.get('/retention-reviews'),
    api.get('/retention-reviews?state=kept'),
    api.get('/retention-reviews?state=anonymised'),
    api.get('/erasure-requests'),
  ]);
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  if (flash) messages.show('success', flash);
  flash = null;
  const rerender = (text) => {
    flash = text;
    render(container, context);
  };
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('nav.records') }),
    h('p', { class: 'page-lead', text: t('records.lead') }),
    messages.element,
    ...sealedSection(sealed.items || [], orders.items || [], rerender),
    retentionSection(retention.items || [], rerender),
    decidedSection(kept.items || [], anonymised.items || []),
    erasureSection(erasure.items || [], rerender),
  );
}
