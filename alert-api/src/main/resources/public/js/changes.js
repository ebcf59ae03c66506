// A live change of the rules or the world with the job's verdict, as the rules page and the zones
// on the dashboard map show it.
import { el, time } from './format.js';
import { t } from './i18n.js';

/** One change: its verdict (PENDING, ACCEPTED, REFUSED with the reason), kind, who and when. */
export function changeItem(c) {
  return el('li', { dataset: { change: c.changeId, status: c.status } },
    el('span', { class: `verdict ${c.status}` }, t(`rules.status.${c.status}`)), ' ',
    t(`rules.kind.${c.kind}`), ' · ', c.by || '?', ' · ', time(c.at),
    c.ruleVersion && c.status === 'ACCEPTED' ? ` · ${t('rules.version', { v: c.ruleVersion })}` : '',
    c.reason ? el('div', { class: 'reason' }, c.reason) : '');
}
