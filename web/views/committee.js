// The joint committee's pages (#/committee/<page>[/<id>]): observations, meetings, the recommendations register and
// the actions; each page's module draws it under the row of the committee's tabs.

import { t } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { loadCodes } from '../components/codes.js';
import { committeeTabs, isReader } from '../components/committee.js';
import { renderObservations } from './committee_observations.js';
import { renderMeetings } from './committee_meetings.js';
import { renderRecommendations, renderActions } from './committee_recommendations.js';
import { renderFactFindings } from './committee_groups.js';

const PAGES = { observations: renderObservations, meetings: renderMeetings, recommendations: renderRecommendations, actions: renderActions, 'fact-finding': renderFactFindings };
const RECORD_ID = /^[1-9][0-9]{0,17}$/;

// The params of a hash's parts (['committee', page?, id?]), or null when they name no page.
export function committeeParams(parts) {
  const [, page = 'observations', id] = parts;
  if (!PAGES[page] || parts.length > 3 || (id !== undefined && !RECORD_ID.test(id))) return null;
  return { page, id: id || null };
}

export async function render(container, context) {
  const { page, id } = context.params;
  if ((page === 'meetings' || page === 'recommendations' || page === 'fact-finding') && !isReader(context.user)) {
    replaceChildren(container, h('p', { class: 'page-lead', text: t('error.forbidden') }));
    return;
  }
  try {
    await loadCodes();
  } catch {
    // the labels then come from web/i18n
  }
  if (!context.isCurrent()) return;
  const body = h('div', { class: 'committee-page', 'data-test': 'committee-' + page });
  replaceChildren(container, committeeTabs(context.user, page), body);
  await PAGES[page](body, { ...context, id });
}
