// Finding a person in the registry and choosing them: a search box (a name, or a national number of ten digits)
// over GET /api/v1/persons/search, and the candidates as radio buttons with the facts that tell them apart. Used by
// the family form (the relative) and the merge dialog (the duplicate).

import { api } from '../api.js';
import { t, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { errorText } from './banner.js';
import { codeLabel } from './codes.js';
import { personName, personFacts } from './persons.js';

// Options:
//   testPrefix   data-test names: <prefix>-search, -search-button, -results, -candidate, -no-results
//   exclude(person)      true to leave a candidate out (the person whose page it is)
//   unavailable(person)  a short label when the candidate is shown but cannot be chosen ("Already linked"), or null
//   noResults            the text when nobody is found
//   onChoose(person)     called when a candidate is chosen (null when the choice is cleared)
//   onError(message), onClearError()  where the picker's own messages go (the field around it)
//   limit                the most candidates shown (8)
// Returns {searchId (for a <label for>), controls (the nodes to place), chosen() → person | null,
// hasCandidates(), focusTarget(), reset()}.
export function personPicker(options) {
  const limit = options.limit || 8;
  const prefix = options.testPrefix;
  const searchId = uniqueId(prefix + '-search');
  const searchInput = h('input', { type: 'search', id: searchId, dir: 'auto', autocomplete: 'off', 'data-test': prefix + '-search', placeholder: t('persons.search_placeholder') });
  const searchButton = h('button', { type: 'button', class: 'button', 'data-test': prefix + '-search-button' }, t('common.search'));
  const results = h('div', { class: 'picker-results', 'aria-live': 'polite', 'data-test': prefix + '-results' });
  const groupName = uniqueId(prefix + '-choice');
  let candidates = []; // [{radio, person}] of the candidates that can be chosen

  const chosen = () => {
    const entry = candidates.find((candidate) => candidate.radio.checked);
    return entry ? entry.person : null;
  };
  const announce = () => {
    if (options.onChoose) options.onChoose(chosen());
  };
  const clearError = () => {
    if (options.onClearError) options.onClearError();
  };

  async function search() {
    const text = searchInput.value.trim();
    clearError();
    if (!text) {
      if (options.onError) options.onError(t('family.search_needs_text'));
      searchInput.focus();
      return;
    }
    const digits = toAsciiDigits(text).replace(/[\s-]/g, '');
    const query = /^[0-9]{10}$/.test(digits) ? { national_id: digits } : { q: text };
    searchButton.disabled = true;
    replaceChildren(results, h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
    let answer;
    try {
      answer = await api.get('/persons/search', { ...query, limit: limit + 1 });
    } catch (error) {
      replaceChildren(results);
      if (options.onError) options.onError(errorText(error));
      return;
    } finally {
      searchButton.disabled = false;
    }
    const hits = ((answer && answer.items) || [])
      .filter((hit) => hit.person && !(options.exclude && options.exclude(hit.person)))
      .slice(0, limit);
    candidates = [];
    if (!hits.length) {
      replaceChildren(results, h('p', { class: 'muted', 'data-test': prefix + '-no-results', text: options.noResults }));
      announce();
      return;
    }
    replaceChildren(
      results,
      answer && answer.truncated ? h('p', { class: 'search-truncated', 'data-test': prefix + '-truncated', text: t('persons.search_truncated') }) : null,
      h('ul', { class: 'picker-list' }, hits.map((hit) => {
        const radioId = uniqueId(prefix + '-candidate');
        const reason = options.unavailable ? options.unavailable(hit.person) : null;
        const radio = h('input', {
          type: 'radio',
          id: radioId,
          name: groupName,
          value: String(hit.person.id),
          disabled: Boolean(reason),
          'data-test': prefix + '-candidate',
          'data-person-id': String(hit.person.id),
          onchange: announce,
        });
        if (!reason) candidates.push({ radio, person: hit.person });
        return h(
          'li',
          { class: ['picker-item', reason ? 'picker-item-disabled' : null] },
          radio,
          h(
            'label',
            { for: radioId },
            h('span', { class: 'picker-name' }, personName(hit.person)),
            h('span', { class: 'picker-facts' }, personFacts(hit.person, (code) => codeLabel('governorates', code)), reason ? h('span', { class: 'tag tag-muted', text: reason }) : null),
          ),
        );
      })),
    );
    if (candidates.length === 1) candidates[0].radio.checked = true;
    announce();
    (candidates.length ? candidates[0].radio : searchInput).focus();
  }
  searchButton.addEventListener('click', search);
  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  });

  return {
    searchId,
    controls: [h('div', { class: 'inline-search' }, searchInput, searchButton), results],
    chosen,
    hasCandidates: () => candidates.length > 0,
    focusTarget: () => (candidates.find((candidate) => candidate.radio.checked) || candidates[0] || { radio: searchInput }).radio,
    reset() {
      searchInput.value = '';
      candidates = [];
      replaceChildren(results);
      announce();
    },
  };
}
