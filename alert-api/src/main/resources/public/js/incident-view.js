// Parts of an incident's detail shared by the dashboard and the bureau page: the operator's
// acknowledgement, recommended teams with dispatch, the dispatches, the timeline and the evidence
// of its alerts.
import { showError, showMessage } from './api.js';
import * as store from './store.js';
import { distance, el, eta, minutes, nameOf, roleLabel, severityBadge, statusBadge, statusLabel, time } from './format.js';
import { has, name, t, title } from './i18n.js';

const ENDED = ['RESOLVED', 'FALSE_ALARM'];

/**
 * The operator acknowledgement ({@code docs/api.md} "Escalation"): who saw the incident's alerts and
 * when, since when CRITICAL or HIGH alerts wait for one, and the button. onDone(view) runs after a
 * successful acknowledgement.
 */
export function acknowledgement(api, inc, onDone) {
  const box = el('div', { class: `ack-box ${inc.unseenSince ? 'waiting' : ''}`, id: 'ack-box', dataset: { seenBy: inc.seenBy || '' } });
  if (inc.unseenSince) {
    box.append(el('div', { class: 'ack-due', role: 'status' }, t('ack.waiting', { since: time(inc.unseenSince) })));
  }
  if (inc.seenBy) box.append(el('div', { class: 'ack-seen' }, t('ack.seenBy', { user: inc.seenBy, at: time(inc.seenAt) })));
  if (inc.open && (inc.unseenSince || !inc.seenBy)) {
    const button = el('button', { type: 'button', id: 'ack-button', class: 'ack-button' }, t('ack.button'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const view = await store.acknowledge(api, inc.id);
        showMessage(t('ack.done'), 'info');
        onDone(view);
      } catch (e) {
        showError(e, t('ack.button'));
        button.disabled = false;
      }
    });
    box.append(button);
  }
  return box;
}

/**
 * Recommended teams as a table of checkboxes, plus any other team of the scenario, and the
 * dispatch button. onDispatched() runs after a successful dispatch.
 */
export function recommendedTeams(api, inc, allTeams, onDispatched) {
  const dispatched = new Map((inc.dispatches || []).map(d => [d.teamId, d]));
  const box = el('div', { class: 'recommended' });
  const selected = () => {
    const ids = [...box.querySelectorAll('input.team-choice:checked')].map(c => c.value);
    const extra = box.querySelector('select.extra-team');
    if (extra && extra.value) ids.push(extra.value);
    return [...new Set(ids)];
  };
  const update = () => {
    const n = selected().length;
    button.disabled = n === 0;
    button.textContent = n ? t('dispatch.buttonN', { n }) : t('dispatch.button');
  };
  const rows = (inc.recommendation || []).map(r => el('tr', { dataset: { teamId: r.teamId, role: r.role || '' } },
    el('td', { class: 'check' }, el('input', {
      type: 'checkbox', class: 'team-choice', value: r.teamId, disabled: dispatched.has(r.teamId) || !inc.open,
      onchange: update, 'aria-label': name(r) || r.teamId, id: `choose-${r.teamId}`,
    })),
    el('td', {}, el('label', { for: `choose-${r.teamId}` }, name(r)), el('div', { class: 'part' }, `${partLabel(r.part)}${r.part ? ' · ' : ''}${roleLabel(r.role)} `,
      dispatched.has(r.teamId) ? statusBadge(dispatched.get(r.teamId).status) : null)),
    el('td', { class: 'num' }, distance(r.distanceM)),
    el('td', { class: 'num' }, eta(r))));
  const table = el('table', { class: 'data recommended-teams' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, t('dispatch.choose'))), el('th', { scope: 'col' }, t('col.team')),
      el('th', { class: 'num', scope: 'col' }, t('col.distance')), el('th', { class: 'num', scope: 'col' }, t('col.eta')))),
    el('tbody', {}, ...rows));
  const recommendedIds = new Set((inc.recommendation || []).map(r => r.teamId));
  const others = (allTeams || []).filter(x => (!x.scenario || x.scenario === inc.scenario) && !dispatched.has(x.id) && !recommendedIds.has(x.id));
  const extra = el('select', { class: 'extra-team', onchange: update, 'aria-label': t('dispatch.another') },
    el('option', { value: '' }, t('dispatch.anotherOption')),
    ...others.map(x => el('option', { value: x.id }, `${nameOf(x)} (${roleLabel(x.role)})`)));
  const button = el('button', { type: 'button', class: 'dispatch-button', id: 'dispatch-button', disabled: true }, t('dispatch.button'));
  button.addEventListener('click', async () => {
    const teamIds = selected();
    if (!teamIds.length) return;
    button.disabled = true;
    try {
      await store.dispatch(api, inc.id, teamIds);
      showMessage(t('dispatch.done', { teams: teamIds.join(', ') }), 'info');
      onDispatched();
    } catch (e) {
      showError(e, t('dispatch.button'));
      update();
    }
  });
  box.append(rows.length ? table : el('div', { class: 'empty' }, t('dispatch.noRecommendation')));
  if (inc.open) box.append(el('div', { class: 'actions' }, extra, button));
  return box;
}

/** "1 command", "3 core", "N volunteer", "level PARK", "sluice keeper" in the chosen language. */
function partLabel(part) {
  if (!part) return '';
  const key = `part.${part.replace(/\s+/g, '_')}`;
  if (has(key)) return t(key);
  const m = /^level (\w+)$/.exec(part);
  return m ? t('part.level', { level: t(`level.${m[1]}`) }) : part;
}

/** The incident's dispatches: team, status, when sent and acknowledged, escalation. */
export function dispatchTable(inc) {
  const ds = inc.dispatches || [];
  if (!ds.length) return el('div', { class: 'empty' }, t('dispatch.none'));
  return el('table', { class: 'data', id: 'dispatch-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('col.team')), el('th', { scope: 'col' }, t('col.status')),
      el('th', { scope: 'col' }, t('col.sent')), el('th', { scope: 'col' }, t('col.ack')))),
    el('tbody', {}, ...ds.map(d => el('tr', { dataset: { teamId: d.teamId, status: d.status }, class: 'dispatch-row' },
      el('td', {}, name({ name: d.teamName, nameZh: d.teamNameZh, id: d.teamId }),
        el('div', { class: 'part' }, roleLabel(d.role), d.byEscalation ? ' · ' + t('dispatch.byEscalation') : '')),
      el('td', {}, statusBadge(d.status), d.escalatedAt ? el('div', { class: 'part' }, t('dispatch.escalatedAt', { at: time(d.escalatedAt) })) : null),
      el('td', {}, time(d.dispatchedAt), el('div', { class: 'part' }, d.dispatchedBy || '')),
      el('td', {}, time(d.acknowledgedAt))))));
}

/** Close buttons for the incident (RESOLVED, FALSE_ALARM); onChanged() runs after success. */
export function closeActions(api, inc, onChanged) {
  const box = el('div', { class: 'actions' });
  if (!inc.open) return box;
  const change = async (status, label) => {
    try {
      await store.changeIncidentStatus(api, inc.id, status);
      showMessage(`${label} ✓`, 'info');
      onChanged();
    } catch (e) {
      showError(e, label);
    }
  };
  box.append(
    el('button', { type: 'button', class: 'secondary', id: 'resolve-button', onclick: () => change('RESOLVED', t('incident.resolve')) }, t('incident.resolve')),
    el('button', { type: 'button', class: 'secondary', id: 'false-alarm-button', onclick: () => change('FALSE_ALARM', t('incident.falseAlarm')) }, t('incident.falseAlarm')));
  return box;
}

/** A timeline action in the chosen language (CREATED, SEEN, DISPATCH_ACKNOWLEDGED, ...). */
function actionLabel(a) {
  if (has(`timeline.${a}`)) return t(`timeline.${a}`);
  const m = /^DISPATCH_(\w+)$/.exec(a || '');
  return m ? t('timeline.DISPATCH', { status: statusLabel(m[1]) }) : a;
}

/** The append-only timeline, newest first. */
export function timeline(inc) {
  return el('ul', { class: 'timeline', id: 'timeline' }, ...(inc.timeline || []).slice().reverse().map(x => el('li', { dataset: { action: x.action, user: x.user || '' } },
    el('span', { class: 'at' }, time(x.at)), ' ', el('b', {}, actionLabel(x.action)), ' ',
    x.from || x.to ? `${statusLabel(x.from) || ''} → ${statusLabel(x.to) || ''} ` : '', x.teamId ? `[${x.teamId}] ` : '',
    el('span', { class: 'muted' }, `${x.user || ''}${x.detail ? ' · ' + x.detail : ''}`))));
}

/** One alert with its evidence table, collapsible. */
export function alertBlock(a, open) {
  const ev = a.evidence || [];
  return el('details', { class: 'alert-block', open: open || undefined, dataset: { alertId: a.id } },
    el('summary', {}, severityBadge(a.severity), ' ', title(a), ' ', el('span', { class: 'muted small' }, time(a.eventTime))),
    el('div', { class: 'small muted' }, `${a.ruleId} v${a.ruleVersion} · ${a.id}`),
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('col.time')), el('th', { scope: 'col' }, t('col.source')), el('th', { scope: 'col' }, t('col.value')))),
      el('tbody', {}, ...ev.map(e => el('tr', {},
        el('td', {}, time(e.ts)), el('td', {}, `${(e.topic || '').replace('risk.', '')} ${e.key || ''}`), el('td', {}, evidenceValue(e.value)))))));
}

export function evidenceValue(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  const parts = [];
  if (v.lat !== undefined && v.lon !== undefined) parts.push(`${(+v.lat).toFixed(5)}, ${(+v.lon).toFixed(5)}`);
  for (const [k, x] of Object.entries(v)) {
    if (k === 'lat' || k === 'lon' || x === null || x === undefined) continue;
    parts.push(`${k}: ${typeof x === 'object' ? JSON.stringify(x) : x}`);
  }
  return parts.join(' · ');
}

/** Teams with an open dispatch anywhere (ringed on the map). */
export function activelyDispatched(incidents) {
  const ids = new Set();
  for (const inc of incidents) {
    if (!inc.open) continue;
    for (const d of inc.dispatches || []) if (!ENDED.includes(d.status)) ids.add(d.teamId);
  }
  return ids;
}

/** "rings as of 16:05, 47 min after the last known position (±800 m)" */
export function ringsAge(area) {
  if (!area) return '';
  return t('rings.age', { at: time(area.asOf), elapsed: minutes(area.elapsedMinutes), uncertainty: area.uncertaintyM })
    + (area.growing ? ' · ' + t('rings.growing') : '');
}
