// A home's own data on its unit's page (administrators): the legal statuses it holds, its rooms or wings, and its
// places by room, sex and age band. A unit of a home's type that is not a home yet is made one (POST /homes); a home
// is changed whole at its version (PATCH /homes/{id}): rooms renamed, added or removed (the server keeps a room
// anyone stayed in, and a status a resident holds, and says so).

import { api } from '../api.js';
import { t, formatNumber, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { banner, errorText } from './banner.js';
import { selectField, checkboxGroup, groupField, createForm } from './form.js';
import { homeTypeLabel, statusLabel, sexLabel, bandLabel } from './homes.js';

// The unit types of homes, and the home types each may be (docs/api.md "Homes and placements").
const HOME_TYPES = {
  juvenile_education_home: ['juvenile_education_home'],
  juvenile_rehabilitation_home: ['juvenile_rehabilitation_home'],
  juvenile_care_home: ['juvenile_care_home'],
  shelter: ['family_reconciliation_home', 'amna_home'],
};
const STATUSES = ['detained', 'sentenced', 'protection', 'voluntary'];
const SEXES = ['male', 'female'];
const BANDS = ['under_12', '12_15', '15_18', '18_plus', 'adult'];

export const isHomeUnit = (unit) => Boolean(HOME_TYPES[unit.type]);

// The rooms: a name each, kept with its id; rows may be added and taken away.
function roomsField(rooms, onChange) {
  const list = h('ol', { class: 'home-rooms' });
  const rows = [];
  const draw = () => {
    replaceChildren(list, rows.map((row, i) => h('li', {},
      row.input,
      h('button', { type: 'button', class: 'button button-small', 'data-test': `room-remove-${i}`, onclick: () => { rows.splice(i, 1); draw(); onChange(); } }, t('homes.room_remove')))));
  };
  const add = (room) => {
    const input = h('input', { type: 'text', class: 'input', dir: 'auto', maxlength: 100, value: room.name || '', 'aria-label': t('homes.room_name'), 'data-test': 'room-name' });
    input.addEventListener('change', () => onChange());
    rows.push({ id: room.id || null, input });
  };
  rooms.forEach(add);
  draw();
  const addButton = h('button', { type: 'button', class: 'button button-small', 'data-test': 'room-add', onclick: () => { add({}); draw(); rows[rows.length - 1].input.focus(); onChange(); } }, t('homes.room_add'));
  const field = groupField({ name: 'rooms', label: t('homes.rooms'), hint: t('homes.rooms_hint'), testId: 'home-rooms' }, [list, addButton], () => (rows[0] ? rows[0].input : addButton));
  field.getValue = () => rows.map((row) => ({ ...(row.id ? { id: row.id } : {}), name: row.input.value.trim() }));
  field.names = () => rows.map((row, i) => ({ index: i + 1, name: row.input.value.trim() || t('homes.room_unnamed', { n: formatNumber(i + 1) }) }));
  return field;
}

// The places: one row each of room (or the home), sex, age band and number.
function placesField(places, roomsOf) {
  const body = h('tbody');
  const rows = [];
  const select = (choices, value, label, test) => {
    const s = h('select', { class: 'input', 'aria-label': label, 'data-test': test }, choices.map((c) => h('option', { value: c.value, selected: String(c.value) === String(value) }, c.label)));
    return s;
  };
  const roomChoices = () => [{ value: '', label: t('homes.no_room') }, ...roomsOf().map((r) => ({ value: String(r.index), label: r.name }))];
  const draw = () => {
    replaceChildren(body, rows.map((row, i) => {
      const roomValue = row.room ? row.room.value : row.initialRoom;
      row.room = select(roomChoices(), roomValue, t('homes.col_room'), 'place-room');
      return h('tr', {},
        h('td', {}, row.room), h('td', {}, row.sex), h('td', {}, row.band), h('td', {}, row.places),
        h('td', {}, h('button', { type: 'button', class: 'button button-small', 'data-test': `place-remove-${i}`, onclick: () => { rows.splice(i, 1); draw(); } }, t('homes.room_remove'))));
    }));
  };
  const add = (p) => {
    rows.push({
      initialRoom: p.room ? String(p.room) : '',
      room: null,
      sex: select(SEXES.map((s) => ({ value: s, label: sexLabel(s) })), p.sex || 'male', t('homes.col_sex'), 'place-sex'),
      band: select(BANDS.map((b) => ({ value: b, label: bandLabel(b) })), p.age_band || '15_18', t('homes.col_band'), 'place-band'),
      places: h('input', { type: 'text', class: 'input input-number', inputmode: 'numeric', dir: 'ltr', maxlength: 5, value: p.places != null ? String(p.places) : '', 'aria-label': t('homes.col_places'), 'data-test': 'place-count' }),
    });
  };
  places.forEach(add);
  draw();
  const table = h('table', { class: 'table home-places' },
    h('thead', {}, h('tr', {}, ['col_room', 'col_sex', 'col_band', 'col_places'].map((k) => h('th', { scope: 'col', text: t('homes.' + k) })), h('th', {}))),
    body);
  const addButton = h('button', { type: 'button', class: 'button button-small', 'data-test': 'place-add', onclick: () => { add({}); draw(); } }, t('homes.place_add'));
  const field = groupField({ name: 'places', label: t('homes.capacity_title'), hint: t('homes.places_hint'), testId: 'home-places' }, [table, addButton], () => (rows[0] ? rows[0].places : addButton));
  field.getValue = () => rows.map((row) => ({
    room: row.room && row.room.value ? Number(row.room.value) : null,
    sex: row.sex.value,
    age_band: row.band.value,
    places: /^[0-9]{1,5}$/.test(toAsciiDigits(row.places.value.trim())) ? Number(toAsciiDigits(row.places.value.trim())) : -1,
  }));
  field.redraw = draw;
  // a room taken away: its places become the home's, and the rooms after it move up one
  field.roomRemoved = (index) => {
    for (const row of rows) {
      const value = row.room && row.room.value ? Number(row.room.value) : 0;
      if (value === index) row.room.value = '';
      else if (value > index) row.room.value = String(value - 1);
    }
    draw();
  };
  return field;
}

// The card: loads the home (404: not a home yet) and draws its form.
export function homeDataCard(unit) {
  const card = h('section', { class: 'card card-form', 'aria-labelledby': 'home-data-title', 'data-test': 'home-data' },
    h('h2', { class: 'card-title', id: 'home-data-title', text: t('homes.data_title') }),
    h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  api.get(`/homes/${unit.id}`)
    .then((home) => drawForm(card, unit, home))
    .catch((error) => (error && error.status === 404 ? drawForm(card, unit, null) : replaceChildren(card, banner('error', errorText(error)))));
  return card;
}

function drawForm(card, unit, home) {
  const types = HOME_TYPES[unit.type];
  const type = home ? null : selectField({ name: 'home_type', label: t('homes.home_type'), required: true, choices: types.map((x) => ({ value: x, label: homeTypeLabel(x) })), value: types[0], testId: 'home-type' });
  const statuses = checkboxGroup({ name: 'statuses', label: t('homes.statuses'), required: true, choices: STATUSES.map((s) => ({ value: s, label: statusLabel(s) })), value: home ? home.statuses : [] });
  const roomIndex = new Map((home ? home.rooms : []).map((r, i) => [r.id, i + 1]));
  let places = null;
  const rooms = roomsField(home ? home.rooms : [], (removed) => places && (removed ? places.roomRemoved(removed) : places.redraw()));
  places = placesField(home ? home.places.map((p) => ({ ...p, room: p.room_id ? roomIndex.get(p.room_id) : null })) : [], () => rooms.names());
  const form = createForm({
    fields: [type, statuses, rooms, places].filter(Boolean),
    submitLabel: t(home ? 'common.save' : 'homes.data_create'),
    busyLabel: t('common.saving'),
    testId: 'home-data-form',
    onSubmit: async (values) => {
      const body = { statuses: values.statuses, places: values.places };
      const saved = home
        ? await api.patch(`/homes/${unit.id}`, { version: home.version, ...body, rooms: values.rooms })
        : await api.post('/homes', { unit_id: unit.id, home_type: values.home_type, ...body, rooms: values.rooms.map((r) => r.name) });
      drawForm(card, unit, saved);
      card.querySelector('[data-test="home-data-form"]').before(banner('success', t('common.saved')));
    },
  });
  replaceChildren(card,
    h('h2', { class: 'card-title', id: 'home-data-title', text: t('homes.data_title') }),
    h('p', { class: 'card-note', text: home ? t('homes.data_lead', { type: homeTypeLabel(home.home_type), n: formatNumber(home.capacity) }) : t('homes.data_none') }),
    form.element);
}
