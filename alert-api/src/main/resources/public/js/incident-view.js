// Parts of an incident's detail shared by the dashboard and the bureau page: recommended teams with
// dispatch, the dispatches, the timeline and the evidence of its alerts.
import { showError, showMessage } from './api.js';
import * as store from './store.js';
import { bi, distance, el, eta, nameOf, roleLabel, severityBadge, statusBadge, time } from './format.js';

const ENDED = ['RESOLVED', 'FALSE_ALARM'];

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
    button.textContent = n ? `派遣 Dispatch (${n})` : '派遣 Dispatch';
  };
  const rows = (inc.recommendation || []).map(r => el('tr', { dataset: { teamId: r.teamId, role: r.role || '' } },
    el('td', { class: 'check' }, el('input', {
      type: 'checkbox', class: 'team-choice', value: r.teamId, disabled: dispatched.has(r.teamId) || !inc.open,
      onchange: update, 'aria-label': r.teamId,
    })),
    el('td', {}, bi(r.nameZh, r.name), el('div', { class: 'part' }, `${r.part || ''}${r.part ? ' · ' : ''}${roleLabel(r.role)} `,
      dispatched.has(r.teamId) ? statusBadge(dispatched.get(r.teamId).status) : null)),
    el('td', { class: 'num' }, distance(r.distanceM)),
    el('td', { class: 'num' }, eta(r))));
  const table = el('table', { class: 'data recommended-teams' },
    el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, '队伍 Team'), el('th', { class: 'num' }, '距离 Dist.'),
      el('th', { class: 'num' }, '预计 ETA'))),
    el('tbody', {}, ...rows));
  const recommendedIds = new Set((inc.recommendation || []).map(r => r.teamId));
  const others = (allTeams || []).filter(t => (!t.scenario || t.scenario === inc.scenario) && !dispatched.has(t.id) && !recommendedIds.has(t.id));
  const extra = el('select', { class: 'extra-team', onchange: update, 'aria-label': '其他队伍 Another team' },
    el('option', { value: '' }, '＋ 其他队伍 Another team…'),
    ...others.map(t => el('option', { value: t.id }, `${nameOf(t)} (${roleLabel(t.role)})`)));
  const button = el('button', { type: 'button', class: 'dispatch-button', id: 'dispatch-button', disabled: true }, '派遣 Dispatch');
  button.addEventListener('click', async () => {
    const teamIds = selected();
    if (!teamIds.length) return;
    button.disabled = true;
    try {
      await store.dispatch(api, inc.id, teamIds);
      showMessage(`已派遣 Dispatched: ${teamIds.join(', ')}`, 'info');
      onDispatched();
    } catch (e) {
      showError(e, '派遣 Dispatch');
      update();
    }
  });
  box.append(rows.length ? table : el('div', { class: 'empty' }, '无推荐 No recommendation'));
  if (inc.open) box.append(el('div', { class: 'actions' }, extra, button));
  return box;
}

/** The incident's dispatches: team, status, when sent and acknowledged, escalation. */
export function dispatchTable(inc) {
  const ds = inc.dispatches || [];
  if (!ds.length) return el('div', { class: 'empty' }, '尚未派遣 Nothing dispatched yet');
  return el('table', { class: 'data', id: 'dispatch-table' },
    el('thead', {}, el('tr', {}, el('th', {}, '队伍 Team'), el('th', {}, '状态 Status'), el('th', {}, '派遣 Sent'), el('th', {}, '确认 Ack'))),
    el('tbody', {}, ...ds.map(d => el('tr', { dataset: { teamId: d.teamId, status: d.status }, class: 'dispatch-row' },
      el('td', {}, bi(d.teamNameZh, d.teamName), el('div', { class: 'part' }, roleLabel(d.role), d.byEscalation ? ' · 升级派遣 by escalation' : '')),
      el('td', {}, statusBadge(d.status), d.escalatedAt ? el('div', { class: 'part' }, `已升级 escalated ${time(d.escalatedAt)}`) : null),
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
    el('button', { type: 'button', class: 'secondary', id: 'resolve-button', onclick: () => change('RESOLVED', '结案 Resolve') }, '结案 Resolve'),
    el('button', { type: 'button', class: 'secondary', id: 'false-alarm-button', onclick: () => change('FALSE_ALARM', '误报 False alarm') }, '误报 False alarm'));
  return box;
}

/** The append-only timeline, newest first. */
export function timeline(inc) {
  return el('ul', { class: 'timeline', id: 'timeline' }, ...(inc.timeline || []).slice().reverse().map(t => el('li', {},
    el('span', { class: 'at' }, time(t.at)), ' ', el('b', {}, t.action), ' ',
    t.from || t.to ? `${t.from || ''} → ${t.to || ''} ` : '', t.teamId ? `[${t.teamId}] ` : '',
    el('span', { class: 'muted' }, `${t.user || ''}${t.detail ? ' · ' + t.detail : ''}`))));
}

/** One alert with its evidence table, collapsible. */
export function alertBlock(a, open) {
  const ev = a.evidence || [];
  return el('details', { class: 'alert-block', open: open || undefined, dataset: { alertId: a.id } },
    el('summary', {}, severityBadge(a.severity), ' ', a.titleZh || a.title, ' ', el('span', { class: 'muted small' }, time(a.eventTime))),
    el('div', { class: 'small muted' }, `${a.ruleId} v${a.ruleVersion} · ${a.id}`),
    a.titleZh && a.title ? el('div', { class: 'small' }, a.title) : null,
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, '时间 Time'), el('th', {}, '来源 Source'), el('th', {}, '值 Value'))),
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
