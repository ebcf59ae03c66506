// Command-centre dashboard: live alert list (SSE), world map with teams, incident detail with
// evidence, search rings, last track, recommended 1+3+N teams, dispatch and timeline.
import { Api, runPage, showError } from './api.js';
import { WorldMap, legend } from './map.js';
import * as store from './store.js';
import { activelyDispatched, alertBlock, closeActions, dispatchTable, recommendedTeams, timeline } from './incident-view.js';
import {
  bi, debounce, distance, el, ESCALATION, keyedList, LEVEL, levelBadge, nameOf, SCENARIO, SEVERITY_RANK, severityBadge, statusBadge, time,
} from './format.js';

const api = new Api('dashboard');
const state = {
  alerts: new Map(),
  incidents: new Map(),
  teams: [],
  selectedIncidentId: null,
  selectedAlertId: null,
  detail: null,
  tab: 'alerts',
};
let worldMap = null;
const $ = id => document.getElementById(id);

/** What the page loads once signed in; the live stream opens after it. */
async function load() {
  if (!worldMap) {
    worldMap = new WorldMap($('map'));
    legend().addTo(worldMap.map);
    addScenarioButtons();
  }
  worldMap.resize();
  try {
    const world = await api.get('/api/world');
    worldMap.drawWorld(world);
  } catch (e) {
    showError(e, '加载地图 Loading the world map');
  }
  await Promise.all([loadAlerts(), loadIncidents(), loadTeams()]);
}

function addScenarioButtons() {
  const c = window.L.control({ position: 'topright' });
  c.onAdd = () => el('div', { class: 'map-buttons leaflet-bar map-buttons-box' },
    el('button', { type: 'button', onclick: () => worldMap.focusScenario('LOST_PERSON') }, '北山 Beishan'),
    el('button', { type: 'button', onclick: () => worldMap.focusScenario('WASTEWATER') }, '武义园区 Wuyi park'),
    el('button', { type: 'button', onclick: () => worldMap.map.fitBounds(worldMap.worldLayer.getBounds()) }, '全部 All'));
  c.addTo(worldMap.map);
}

async function loadAlerts() {
  try {
    for (const a of await store.fetchAlerts(api, {})) state.alerts.set(a.id, a);
    renderAlerts();
  } catch (e) {
    showError(e, '加载预警 Loading alerts');
  }
}

async function loadIncidents() {
  try {
    const items = await store.fetchIncidents(api, {});
    state.incidents = store.mergeNewer(state.incidents, items);
    renderIncidents();
    renderAlerts();
  } catch (e) {
    showError(e, '加载事件 Loading incidents');
  }
}

async function loadTeams() {
  try {
    state.teams = await store.fetchTeams(api);
    drawTeams();
  } catch (e) {
    showError(e, '加载队伍 Loading teams');
  }
}

function drawTeams() {
  if (!worldMap) return;
  worldMap.setTeams(state.teams, activelyDispatched(state.incidents.values()));
}

const settleSoon = debounce(loadIncidents, store.SEARCH_REFRESH_MS, store.SEARCH_REFRESH_MS);
const refreshSoon = debounce(async () => {
  await loadIncidents();
  drawTeams();
  if (state.selectedIncidentId) await openIncident(state.selectedIncidentId, { keepView: true });
  settleSoon();
}, 400);
const teamsSoon = debounce(loadTeams, 800);

function onLiveEvent(type, data) {
  const kind = store.classify(type, data);
  if (kind.alertId) {
    const isNew = !state.alerts.has(kind.alertId);
    if (isNew) {
      // Show the summary at once, then the stored alert with its evidence and search area.
      state.alerts.set(kind.alertId, kind.alert);
      renderAlerts(kind.alertId);
      fetchAlert(kind.alertId);
    }
    refreshSoon();
  }
  if (kind.teamPosition) {
    const t = state.teams.find(x => x.id === kind.teamPosition.teamId);
    if (t) {
      t.lastPosition = kind.teamPosition;
      drawTeams();
    } else {
      teamsSoon();
    }
  }
  if (kind.other) {
    refreshSoon();
    teamsSoon();
  }
}

async function fetchAlert(id) {
  try {
    const a = await api.get(`/api/alerts/${encodeURIComponent(id)}`);
    state.alerts.set(id, a);
    renderAlerts();
  } catch (e) {
    showError(e, '加载预警 Loading an alert');
  }
}

// --- alert and incident lists ---------------------------------------------------------------

function passesFilters(x) {
  const sc = $('scenario-filter').value;
  const sev = $('severity-filter').value;
  if (sc && x.scenario !== sc) return false;
  if (sev && (SEVERITY_RANK[x.severity] || 0) < SEVERITY_RANK[sev]) return false;
  return true;
}

function incidentOfAlert(a) {
  if (a.incidentId && state.incidents.has(a.incidentId)) return state.incidents.get(a.incidentId);
  let best = null;
  for (const inc of state.incidents.values()) {
    if ((inc.alertIds || []).includes(a.id)) return inc;
    if (inc.incidentKey === a.incidentKey && (!best || (inc.generation || 0) > (best.generation || 0))) best = inc;
  }
  return best;
}

const alertNodes = new Map();
const incidentNodes = new Map();

function renderAlerts(freshId) {
  const items = [...state.alerts.values()].filter(passesFilters).sort(store.newestFirst).slice(0, 300);
  $('alert-count').textContent = `(${state.alerts.size})`;
  keyedList($('alert-list'), alertNodes, items.map(a => {
    const inc = incidentOfAlert(a);
    const status = inc ? inc.status : a.status;
    const selected = a.id === state.selectedAlertId;
    return {
      id: a.id,
      sig: [a.severity, a.title, a.ruleId, a.subjectId, a.eventTime, status, selected, a.id === freshId].join('|'),
      make: () => el('li', {
        class: `${a.severity} ${selected ? 'selected' : ''} ${a.id === freshId ? 'fresh' : ''}`,
        // The live event announces an alert without its subject; the stored alert fetched next has it.
        dataset: { alertId: a.id, scenario: a.scenario, ruleId: a.ruleId, subjectId: a.subjectId || '', incidentKey: a.incidentKey || '' },
        onclick: () => selectAlert(state.alerts.get(a.id) || a),
      },
      el('div', { class: 'title' }, a.titleZh || a.title),
      a.titleZh && a.title ? el('div', { class: 'en small' }, a.title) : null,
      el('div', { class: 'meta' }, severityBadge(a.severity), el('span', {}, time(a.eventTime)), el('span', {}, a.ruleId),
        status ? statusBadge(status) : null)),
    };
  }), '暂无预警 No alerts yet');
}

function renderIncidents() {
  const items = [...state.incidents.values()].filter(passesFilters).sort(store.incidentOrder);
  $('incident-count').textContent = `(${[...state.incidents.values()].filter(i => i.open).length} open)`;
  keyedList($('incident-list'), incidentNodes, items.map(i => {
    const selected = i.id === state.selectedIncidentId;
    return {
      id: i.id,
      sig: [i.severity, i.status, i.responseLevel, i.lastAlertAt, i.updatedAt, i.alertCount, selected].join('|'),
      make: () => el('li', {
        class: `${i.severity} ${selected ? 'selected' : ''}`,
        dataset: { incidentId: i.id, status: i.status },
        onclick: () => openIncident(i.id),
      },
      el('div', { class: 'title' }, i.titleZh || i.title),
      el('div', { class: 'meta' }, severityBadge(i.severity), statusBadge(i.status), levelBadge(i.responseLevel),
        el('span', {}, time(i.lastAlertAt || i.updatedAt)), el('span', {}, `${i.alertCount || 0} 条 alerts`))),
    };
  }), '暂无事件 No incidents yet');
  drawTeams();
}

async function selectAlert(a) {
  state.selectedAlertId = a.id;
  renderAlerts();
  let inc = incidentOfAlert(a);
  if (!inc && !a.incidentId) {
    await loadIncidents();
    inc = incidentOfAlert(a);
  }
  const incidentId = (inc && inc.id) || a.incidentId;
  if (incidentId) {
    await openIncident(incidentId);
  } else {
    // The alert is stored but its incident is not visible yet: show the alert alone.
    renderDetail({ incident: null, alerts: [a] });
    worldMap.showIncident([a]);
  }
}

async function openIncident(id, opts = {}) {
  state.selectedIncidentId = id;
  try {
    const detail = await store.fetchIncident(api, id, state.alerts);
    if (state.selectedIncidentId !== id) return;
    const unchanged = opts.keepView && !opts.force && sameDetail(state.detail, detail);
    state.detail = detail;
    state.incidents.set(id, { ...state.incidents.get(id), ...detail.incident });
    renderIncidents();
    // A live refresh re-renders only what changed, and never under a user ticking teams.
    if (!opts.keepView || opts.force || (!unchanged && !userIsChoosing())) renderDetail(detail);
    if (!opts.keepView) worldMap.showIncident(detail.alerts);
  } catch (e) {
    showError(e, '加载事件详情 Loading the incident');
  }
}

function sameDetail(a, b) {
  if (!a || !b || !a.incident || !b.incident || a.incident.id !== b.incident.id) return false;
  const sig = d => [d.incident.version, d.incident.updatedAt, d.incident.status, d.alerts.length,
    (d.incident.dispatches || []).map(x => x.teamId + x.status).join()].join('|');
  return sig(a) === sig(b);
}

/** A live refresh must not wipe teams the user is ticking for dispatch. */
function userIsChoosing() {
  const box = $('incident-detail');
  return !!box.querySelector('input.team-choice:checked') || !!(box.querySelector('select.extra-team') || {}).value;
}

// --- incident detail --------------------------------------------------------------------------

function renderDetail(detail) {
  const box = $('incident-detail');
  $('incident-empty').classList.add('hidden');
  box.classList.remove('hidden');
  const inc = detail.incident;
  const alerts = detail.alerts;
  const head = inc || alerts[0];
  box.dataset.incidentId = inc ? inc.id : '';
  box.dataset.status = inc ? inc.status : '';
  const parts = [];
  parts.push(el('div', { class: 'headline' }, severityBadge(head.severity), inc ? statusBadge(inc.status) : null,
    el('span', { class: 'badge' }, (SCENARIO[head.scenario] || [head.scenario]).join(' ')),
    levelBadge(head.responseLevel), head.tier ? el('span', { class: 'badge' }, `第${head.tier}级屏障 Tier ${head.tier}`) : null,
    inc && inc.escalationLevel ? el('span', { class: 'badge' }, `响应层级 Level: ${(ESCALATION[inc.escalationLevel] || LEVEL[inc.escalationLevel] || [inc.escalationLevel]).join(' ')}`) : null));
  parts.push(el('h2', { id: 'incident-title' }, bi(head.titleZh, head.title)));
  parts.push(facts(inc, alerts));
  const latestRec = alerts.map(a => a.recommendation).find(r => r && (r.action || r.actionZh));
  if (latestRec) parts.push(el('div', { class: 'recommend-note' }, bi(latestRec.actionZh, latestRec.action)));
  if (inc) {
    parts.push(closeActions(api, inc, refreshSoon));
    parts.push(el('h3', {}, '推荐力量 Recommended teams ', el('span', { class: 'en' }, head.scenario === 'LOST_PERSON' ? '(1+3+N)' : '')));
    parts.push(recommendedTeams(api, inc, state.teams, async () => {
      await openIncident(inc.id, { keepView: true, force: true });
      teamsSoon();
      settleSoon();
    }));
    parts.push(el('h3', {}, '已派遣 Dispatched teams'));
    parts.push(dispatchTable(inc));
  }
  parts.push(el('h3', {}, `预警与证据 Alerts and evidence (${alerts.length})`));
  parts.push(...alerts.map(a => alertBlock(a, a.id === state.selectedAlertId)));
  if (inc) {
    parts.push(el('h3', {}, '时间线 Timeline'));
    parts.push(timeline(inc));
  }
  box.replaceChildren(...parts);
}

function facts(inc, alerts) {
  const dl = el('dl', { class: 'facts' });
  const add = (k, v) => { if (v !== null && v !== undefined && v !== '') dl.append(el('dt', {}, k), el('dd', {}, v)); };
  const lkp = (alerts.find(a => a.lastKnownPosition) || {}).lastKnownPosition;
  const trail = (alerts.find(a => a.nearestTrail) || {}).nearestTrail;
  const area = (alerts.find(a => a.searchArea) || {}).searchArea;
  if (inc) {
    add('事件 Incident', inc.id);
    add('对象 Subject', inc.subjectId);
    add('创建 Created', time(inc.createdAt));
    add('最近预警 Last alert', time(inc.lastAlertAt));
    if (inc.ackDueAt) add('确认期限 Ack due', time(inc.ackDueAt));
  } else {
    add('预警 Alert', alerts[0].id);
    add('对象 Subject', alerts[0].subjectId);
  }
  if (lkp) {
    add('最后位置 Last known', `${lkp.lat.toFixed(5)}, ${lkp.lon.toFixed(5)} · ${time(lkp.ts)}${lkp.accuracyM ? ' · ±' + Math.round(lkp.accuracyM) + ' m' : ''}${lkp.source ? ' · ' + lkp.source : ''}`);
  }
  if (trail) add('最近步道 Nearest trail', `${nameOf(trail)} · ${distance(trail.distanceM)}`);
  if (area) {
    const rings = (area.features || []).filter(f => f.properties && f.properties.kind === 'SEARCH_RING')
      .map(f => `${f.properties.percentile}%: ${distance(f.properties.radiusM)}`);
    if (rings.length) add('搜索范围 Search rings', rings.join(' · '));
  }
  const overflow = alerts.map(a => a.predictedOverflowAt).find(Boolean);
  if (overflow) add('预计溢出 Overflow at', time(overflow));
  return dl;
}

// --- wiring ----------------------------------------------------------------------------------

for (const t of document.querySelectorAll('.tab')) {
  t.addEventListener('click', () => {
    state.tab = t.dataset.tab;
    for (const x of document.querySelectorAll('.tab')) x.classList.toggle('active', x === t);
    for (const p of document.querySelectorAll('[data-tab-panel]')) p.classList.toggle('hidden', p.dataset.tabPanel !== state.tab);
  });
}
$('scenario-filter').addEventListener('change', () => { renderAlerts(); renderIncidents(); });
$('severity-filter').addEventListener('change', () => { renderAlerts(); renderIncidents(); });
setInterval(() => { if (api.loggedIn && page.stream) loadTeams(); }, 30000);
const page = runPage(api, { load, onEvent: onLiveEvent });
