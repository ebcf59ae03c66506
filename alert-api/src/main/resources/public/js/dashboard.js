// Command-centre dashboard: live alert and incident lists (SSE) with alarms, a server-side table,
// the world map with teams and tracked devices (clustered), an incident's detail with evidence,
// search rings as of now, track playback, recommended 1+3+N teams, dispatch, operator
// acknowledgement and timeline.
import { Api, runPage, showError } from './api.js';
import { WorldMap, legend } from './map.js';
import { ZoneLayer } from './zones.js';
import * as store from './store.js';
import * as alarm from './alarm.js';
import {
  acknowledgement, activelyDispatched, alertBlock, closeActions, dispatchTable, recommendedTeams, ringsAge, timeline,
} from './incident-view.js';
import {
  debounce, distance, el, keyedList, levelBadge, levelLabel, nameOf, scenarioLabel, SEVERITY_RANK, severityBadge,
  STATUSES, statusBadge, statusLabel, time,
} from './format.js';
import { action, t, title } from './i18n.js';

const api = new Api('dashboard');
const state = {
  alerts: new Map(),
  incidents: new Map(),
  teams: [],
  selectedIncidentId: null,
  selectedAlertId: null,
  detail: null,
  searchArea: null,
  tab: 'alerts',
  view: 'map',
  table: { sort: '-eventTime', from: 0 },
  lastRing: 0,
};
let worldMap = null;
/** Zones drawn and changed live on the map. */
let zones = null;
/** The ETag of the world drawn; how often the page asks whether the live world changed. */
let worldEtag = null;
const WORLD_REFRESH_MS = 10000;
let popupOpen = false;
const $ = id => document.getElementById(id);
const RULES = ['hiker.distress-call', 'hiker.off-trail-stationary', 'hiker.after-dark', 'hiker.signal-lost',
  'plating.pool-high', 'plating.pool-overflow-forecast', 'plating.pool-not-ready', 'plating.enclosure-water',
  'plating.creek-contamination', 'plating.sluice-not-closed', 'plating.creek-space-filling'];
const seesDevices = () => api.roles.includes('COMMAND') || api.roles.includes('ADMIN');
const commands = () => api.roles.includes('COMMAND') || api.roles.includes('ENV_BUREAU');

/** What the page loads once signed in; the live stream opens after it. */
async function load() {
  alarm.unlock();
  $('mute').classList.remove('hidden');
  $('view-switch').classList.remove('hidden');
  if (!worldMap) {
    worldMap = new WorldMap($('map'));
    legend().addTo(worldMap.map);
    addScenarioButtons();
    zones = new ZoneLayer(api, worldMap.map);
    // A redraw of the world would close the popup a user is working in (a trail's closure form).
    worldMap.map.on('popupopen', () => { popupOpen = true; });
    worldMap.map.on('popupclose', () => { popupOpen = false; });
  }
  worldMap.resize();
  try {
    const world = await api.getIfChanged('/api/world', null);
    worldEtag = world.etag;
    worldMap.drawWorld(world.body);
    zones.offerTrailClosures(worldMap.worldLayer);
  } catch (e) {
    showError(e, t('load.world'));
  }
  await Promise.all([loadAlerts(), loadIncidents(), loadTeams(), loadDevices(), zones.load()]);
}

/** Draws the world again when it changed live (a zone, a trail closed, a team put in), keeping the view. */
async function refreshWorld() {
  if (!worldEtag || popupOpen) return;
  try {
    const world = await api.getIfChanged('/api/world', worldEtag);
    if (!world || popupOpen) return;
    worldEtag = world.etag;
    worldMap.drawWorld(world.body, false);
    zones.offerTrailClosures(worldMap.worldLayer);
  } catch (e) {
    if (e.status === 401) return;
    console.warn('the live world could not be checked', e);
  }
}

function addScenarioButtons() {
  const c = window.L.control({ position: 'topright' });
  c.onAdd = () => el('div', { class: 'map-buttons leaflet-bar map-buttons-box' },
    el('button', { type: 'button', onclick: () => worldMap.focusScenario('LOST_PERSON') }, t('filter.beishan')),
    el('button', { type: 'button', onclick: () => worldMap.focusScenario('WASTEWATER') }, t('filter.wuyi')),
    el('button', { type: 'button', onclick: () => worldMap.map.fitBounds(worldMap.worldLayer.getBounds()) }, t('map.all')));
  c.addTo(worldMap.map);
}

async function loadAlerts() {
  try {
    for (const a of await store.fetchAlerts(api, {})) state.alerts.set(a.id, a);
    renderAlerts();
  } catch (e) {
    showError(e, t('load.alerts'));
  }
}

async function loadIncidents() {
  try {
    const items = await store.fetchIncidents(api, {});
    state.incidents = store.mergeNewer(state.incidents, items);
    renderIncidents();
    renderAlerts();
  } catch (e) {
    showError(e, t('load.incidents'));
  }
}

async function loadTeams() {
  try {
    state.teams = await store.fetchTeams(api);
    drawTeams();
  } catch (e) {
    showError(e, t('load.teams'));
  }
}

async function loadDevices() {
  if (!seesDevices()) return;
  try {
    for (const d of await store.fetchDevices(api)) worldMap.setDevice(flatDevice(d));
  } catch (e) {
    showError(e, t('load.devices'));
  }
}

/** A stored position ({deviceId, location: {lat, lon}, ts, ...}) as the live event has it. */
function flatDevice(d) {
  return { ...d, lat: d.location ? d.location.lat : d.lat, lon: d.location ? d.location.lon : d.lon };
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
const tableSoon = debounce(() => { if (state.view === 'table') loadTable(); }, 1500, 5000);

function onLiveEvent(type, data) {
  const kind = store.classify(type, data);
  if (kind.alertId) {
    const isNew = !state.alerts.has(kind.alertId);
    if (isNew) {
      // Show the summary at once, then the stored alert with its evidence and search area.
      state.alerts.set(kind.alertId, kind.alert);
      renderAlerts(kind.alertId);
      fetchAlert(kind.alertId);
      raiseAlarm(kind.alert);
    }
    refreshSoon();
    tableSoon();
  }
  if (kind.device && worldMap) worldMap.setDevice(kind.device);
  if (kind.teamPosition) {
    const tm = state.teams.find(x => x.id === kind.teamPosition.teamId);
    if (tm) {
      tm.lastPosition = kind.teamPosition;
      drawTeams();
    } else {
      teamsSoon();
    }
  }
  if (kind.other) {
    refreshSoon();
    teamsSoon();
    tableSoon();
  }
}

async function fetchAlert(id) {
  try {
    const a = await api.get(`/api/alerts/${encodeURIComponent(id)}`);
    state.alerts.set(id, a);
    renderAlerts();
  } catch (e) {
    showError(e, t('load.alert'));
  }
}

// --- alarms ----------------------------------------------------------------------------------

/**
 * A new CRITICAL or HIGH alert: a tone (at most one every 3 s in a burst), a notification per
 * incident (a later one of the same incident replaces it), a line for screen readers, and the
 * banner with the acknowledge button until someone acknowledges.
 */
function raiseAlarm(a) {
  if ((SEVERITY_RANK[a.severity] || 0) < SEVERITY_RANK.HIGH) return;
  const text = `${t(`severity.${a.severity}`)}: ${title(a)}`;
  const now = Date.now();
  let rang = false;
  if (now - state.lastRing > 3000) {
    rang = alarm.ring(a.severity);
    if (rang) state.lastRing = now;
  }
  const notified = alarm.notify(t('alarm.notificationTitle', { severity: t(`severity.${a.severity}`) }), title(a),
    a.incidentId || a.id, () => selectAlert(state.alerts.get(a.id) || a));
  alarm.announce(t('alarm.announce', { text, at: time(a.eventTime) }));
  const banner = $('alarm');
  // A CRITICAL alert stays on the banner until it is closed or acknowledged; a HIGH one does not replace it.
  if (!banner.classList.contains('hidden') && (SEVERITY_RANK[banner.dataset.severity] || 0) > SEVERITY_RANK[a.severity]) return;
  banner.dataset.alertId = a.id;
  banner.dataset.incidentId = a.incidentId || '';
  banner.dataset.severity = a.severity;
  banner.dataset.rang = String(rang);
  banner.dataset.notified = String(notified);
  banner.className = `alarm ${a.severity}`;
  banner.replaceChildren(el('b', {}, text), ' ', el('span', { class: 'small' }, time(a.eventTime)),
    el('span', { class: 'spacer' }),
    el('button', { type: 'button', class: 'secondary', id: 'alarm-open', onclick: () => selectAlert(state.alerts.get(a.id) || a) }, t('alarm.open')),
    commands() && a.incidentId ? el('button', { type: 'button', id: 'alarm-ack', onclick: () => acknowledgeFromBanner(a.incidentId) }, t('ack.button')) : null,
    el('button', { type: 'button', class: 'secondary', 'aria-label': t('action.close'), onclick: () => banner.classList.add('hidden') }, '×'));
}

async function acknowledgeFromBanner(incidentId) {
  try {
    await store.acknowledge(api, incidentId);
    $('alarm').classList.add('hidden');
    alarm.announce(t('ack.done'));
    if (state.selectedIncidentId === incidentId) await openIncident(incidentId, { keepView: true, force: true });
    refreshSoon();
  } catch (e) {
    showError(e, t('ack.button'));
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

/** A list row that works with the keyboard: focusable, Enter or Space opens it. */
function row(attrs, open, ...children) {
  const li = el('li', { ...attrs, tabindex: '0', role: 'button', onclick: open }, ...children);
  li.addEventListener('keydown', ev => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      open();
    } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const next = ev.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling;
      if (next) next.focus();
    }
  });
  return li;
}

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
      make: () => row({
        class: `${a.severity} ${selected ? 'selected' : ''} ${a.id === freshId ? 'fresh' : ''}`,
        'aria-current': selected ? 'true' : undefined,
        // The live event announces an alert without its subject; the stored alert fetched next has it.
        dataset: { alertId: a.id, scenario: a.scenario, ruleId: a.ruleId, subjectId: a.subjectId || '', incidentKey: a.incidentKey || '', severity: a.severity },
      }, () => selectAlert(state.alerts.get(a.id) || a),
      el('div', { class: 'title' }, title(a)),
      el('div', { class: 'meta' }, severityBadge(a.severity), el('span', {}, time(a.eventTime)), el('span', {}, t(`rule.${a.ruleId}`)),
        status ? statusBadge(status) : null)),
    };
  }), t('dashboard.noAlerts'));
}

function renderIncidents() {
  const items = [...state.incidents.values()].filter(passesFilters).sort(store.incidentOrder);
  $('incident-count').textContent = t('dashboard.openCount', { n: [...state.incidents.values()].filter(i => i.open).length });
  keyedList($('incident-list'), incidentNodes, items.map(i => {
    const selected = i.id === state.selectedIncidentId;
    return {
      id: i.id,
      sig: [i.severity, i.status, i.responseLevel, i.lastAlertAt, i.updatedAt, i.alertCount, i.unseenSince, selected].join('|'),
      make: () => row({
        class: `${i.severity} ${selected ? 'selected' : ''} ${i.unseenSince ? 'unseen' : ''}`,
        'aria-current': selected ? 'true' : undefined,
        dataset: { incidentId: i.id, status: i.status },
      }, () => openIncident(i.id),
      el('div', { class: 'title' }, title(i)),
      el('div', { class: 'meta' }, severityBadge(i.severity), statusBadge(i.status), levelBadge(i.responseLevel),
        i.unseenSince ? el('span', { class: 'unseen-badge' }, t('ack.unseen')) : null,
        el('span', {}, time(i.lastAlertAt || i.updatedAt)), el('span', {}, t('dashboard.alertCount', { n: i.alertCount || 0 })))),
    };
  }), t('dashboard.noIncidents'));
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
    worldMap.showIncident([a], null);
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
    if (detail.incident.scenario === 'LOST_PERSON' && (!opts.keepView || !unchanged)) await loadSearchArea(id, !!opts.keepView);
    else if (detail.incident.scenario !== 'LOST_PERSON') state.searchArea = null;
    // A live refresh re-renders only what changed, and never under a user ticking teams.
    if (!opts.keepView || opts.force || (!unchanged && !userIsChoosing())) renderDetail(detail);
    if (!opts.keepView) worldMap.showIncident(detail.alerts, state.searchArea);
  } catch (e) {
    showError(e, t('load.incident'));
  }
}

/** The incident's search area as of now; redrawn every minute while it is open and shown. */
async function loadSearchArea(id, quiet) {
  try {
    state.searchArea = await store.fetchSearchArea(api, id);
  } catch (e) {
    state.searchArea = null;
    if (!quiet && e.status !== 404) showError(e, t('load.searchArea'));
  }
}

setInterval(async () => {
  const d = state.detail;
  if (!d || !d.incident || d.incident.scenario !== 'LOST_PERSON' || !d.incident.open || state.selectedIncidentId !== d.incident.id) return;
  await loadSearchArea(d.incident.id, true);
  if (state.selectedIncidentId !== d.incident.id) return;
  worldMap.showIncident(d.alerts, state.searchArea, false);
  const age = $('rings-age');
  if (age) age.textContent = ringsAge(state.searchArea);
}, 60000);

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
  box.dataset.seenBy = inc && inc.seenBy ? inc.seenBy : '';
  const parts = [];
  parts.push(el('div', { class: 'headline' }, severityBadge(head.severity), inc ? statusBadge(inc.status) : null,
    el('span', { class: 'badge' }, scenarioLabel(head.scenario)),
    levelBadge(head.responseLevel), head.tier ? el('span', { class: 'badge' }, t('tier.n', { n: head.tier })) : null,
    inc && inc.escalationLevel ? el('span', { class: 'badge' }, t('incident.level', { level: levelLabel(inc.escalationLevel) })) : null));
  parts.push(el('h2', { id: 'incident-title', tabindex: '-1' }, title(head)));
  if (inc && commands()) parts.push(acknowledgement(api, inc, () => openIncident(inc.id, { keepView: true, force: true }).then(settleSoon)));
  else if (inc && inc.seenBy) parts.push(el('div', { class: 'ack-seen' }, t('ack.seenBy', { user: inc.seenBy, at: time(inc.seenAt) })));
  parts.push(facts(inc, alerts));
  if (trackPoints(alerts) > 1) parts.push(playback());
  const latestRec = alerts.map(a => a.recommendation).find(r => r && (r.action || r.actionZh));
  if (latestRec) parts.push(el('div', { class: 'recommend-note' }, action(latestRec)));
  if (inc) {
    if (commands()) parts.push(closeActions(api, inc, refreshSoon));
    parts.push(el('h3', {}, t('incident.recommended'), head.scenario === 'LOST_PERSON' ? ' (1+3+N)' : ''));
    parts.push(recommendedTeams(api, inc, state.teams, async () => {
      await openIncident(inc.id, { keepView: true, force: true });
      teamsSoon();
      settleSoon();
    }));
    parts.push(el('h3', {}, t('incident.dispatched')));
    parts.push(dispatchTable(inc));
  }
  parts.push(el('h3', {}, t('incident.alerts', { n: alerts.length })));
  parts.push(...alerts.map(a => alertBlock(a, a.id === state.selectedAlertId)));
  if (inc) {
    parts.push(el('h3', {}, t('incident.timeline')));
    parts.push(timeline(inc));
  }
  box.replaceChildren(...parts);
}

function trackPoints(alerts) {
  const seen = new Set();
  for (const a of alerts) for (const e of a.evidence || []) if (e.value && typeof e.value === 'object' && e.value.lat !== undefined) seen.add(`${e.ts}|${e.value.lat}`);
  return seen.size;
}

/** Track playback: play, and a slider over the fixes with the time of the one shown. */
function playback() {
  const label = el('span', { id: 'track-time', class: 'small', role: 'status' }, '');
  const slider = el('input', { type: 'range', id: 'track-slider', min: '0', max: '0', value: '0', 'aria-label': t('track.position') });
  const show = (i, p) => {
    slider.max = String(worldMap.playback ? worldMap.playback.length - 1 : 0);
    slider.value = String(i);
    label.textContent = `${i + 1}/${Number(slider.max) + 1} · ${time(p.ts)}${p.accuracyM ? ' ± ' + Math.round(p.accuracyM) + ' m' : ''}`;
  };
  const play = el('button', { type: 'button', id: 'play-track', class: 'secondary' }, t('track.play'));
  play.addEventListener('click', () => worldMap.playTrack(show));
  slider.addEventListener('input', () => {
    if (!worldMap.playback) worldMap.playTrack(show);
    worldMap.playback.seek(Number(slider.value));
  });
  return el('div', { class: 'playback' }, play, slider, label);
}

function facts(inc, alerts) {
  const dl = el('dl', { class: 'facts' });
  const add = (k, v, id) => { if (v !== null && v !== undefined && v !== '') dl.append(el('dt', {}, k), el('dd', id ? { id } : {}, v)); };
  const lkp = state.searchArea ? state.searchArea.lastKnownPosition : (alerts.find(a => a.lastKnownPosition) || {}).lastKnownPosition;
  const trail = (alerts.find(a => a.nearestTrail) || {}).nearestTrail;
  if (inc) {
    add(t('fact.incident'), inc.id);
    add(t('fact.subject'), inc.subjectId);
    add(t('fact.created'), time(inc.createdAt));
    add(t('fact.lastAlert'), time(inc.lastAlertAt));
    if (inc.ackDueAt) add(t('fact.ackDue'), time(inc.ackDueAt));
  } else {
    add(t('fact.alert'), alerts[0].id);
    add(t('fact.subject'), alerts[0].subjectId);
  }
  if (lkp) {
    add(t('fact.lastKnown'), `${lkp.lat.toFixed(5)}, ${lkp.lon.toFixed(5)} · ${time(lkp.ts)}${lkp.accuracyM ? ' · ±' + Math.round(lkp.accuracyM) + ' m' : ''}${lkp.source ? ' · ' + lkp.source : ''}`);
  }
  if (trail) add(t('fact.nearestTrail'), `${nameOf(trail)} · ${distance(trail.distanceM)}`);
  const area = state.searchArea ? state.searchArea.area : (alerts.find(a => a.searchArea) || {}).searchArea;
  if (area) {
    const rings = (area.features || []).filter(f => f.properties && f.properties.kind === 'SEARCH_RING')
      .map(f => `${f.properties.percentile}%: ${distance(f.properties.radiusM)}`);
    if (rings.length) add(t('fact.rings'), el('span', { id: 'search-rings' }, rings.join(' · ')));
    if (state.searchArea) add(t('fact.ringsAge'), ringsAge(state.searchArea), 'rings-age');
  }
  const overflow = alerts.map(a => a.predictedOverflowAt).find(Boolean);
  if (overflow) add(t('fact.overflowAt'), time(overflow));
  return dl;
}

// --- table: server-side filters, sorting and paging ---------------------------------------------

const COLUMNS = {
  alerts: [['eventTime', 'col.time'], ['severity', 'col.severity'], ['ruleId', 'col.rule'], ['scenario', 'col.scenario'],
    ['subjectId', 'col.subject'], [null, 'col.title'], [null, 'col.status']],
  incidents: [['lastAlertAt', 'col.lastAlert'], ['severity', 'col.severity'], [null, 'col.status'], ['scenario', 'col.scenario'],
    [null, 'col.title'], [null, 'col.alertCount'], ['updatedAt', 'col.updated']],
};
const DEFAULT_SORT = { alerts: '-eventTime', incidents: '-updatedAt' };

/** datetime-local (Asia/Shanghai, the people's time) → ISO-8601 with offset. */
function isoOf(local) {
  return local ? `${local.length === 16 ? local + ':00' : local}+08:00` : '';
}

function tableParams() {
  const what = $('f-what').value;
  const area = $('f-area').value;
  let near = '';
  if (area === 'view') near = worldMap.viewAsNear();
  else if (area) {
    const b = worldMap.byScenario[area];
    if (b && b.isValid()) {
      const c = b.getCenter();
      near = `${c.lat.toFixed(5)},${c.lng.toFixed(5)},${Math.round(worldMap.map.distance(c, b.getNorthEast()))}`;
    }
  }
  return {
    what,
    params: {
      scenario: $('f-scenario').value, ruleId: what === 'alerts' ? $('f-rule').value : '', severity: $('f-severity').value,
      status: $('f-status').value, since: isoOf($('f-since').value), until: isoOf($('f-until').value), near,
      sort: state.table.sort, from: state.table.from, size: $('f-size').value,
    },
  };
}

// Loads overlap (a filter changed while the last page was on its way): only the newest may render,
// or a slower earlier answer would show rows the filters no longer ask for.
let tableLoads = 0;

async function loadTable() {
  const load = ++tableLoads;
  const { what, params } = tableParams();
  const table = $('records-table');
  table.setAttribute('aria-busy', 'true');
  try {
    const page = await store.fetchPage(api, what, params);
    if (load !== tableLoads) return;
    table.dataset.url = page.url;
    table.dataset.total = String(page.total);
    renderTable(what, page);
  } catch (e) {
    if (load === tableLoads) showError(e, t('load.table'));
  } finally {
    if (load === tableLoads) table.removeAttribute('aria-busy');
  }
}

function renderTable(what, page) {
  const table = $('records-table');
  const sort = state.table.sort;
  const head = el('tr', {}, ...COLUMNS[what].map(([field, key]) => {
    if (!field) return el('th', { scope: 'col' }, t(key));
    const dir = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
    return el('th', { scope: 'col', 'aria-sort': dir },
      el('button', { type: 'button', class: 'sort', dataset: { sort: field }, onclick: () => sortBy(field) },
        t(key), dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''));
  }));
  const rows = page.items.map(x => {
    const open = what === 'alerts' ? () => selectAlert(x) : () => openIncident(x.id);
    const tr = el('tr', { tabindex: '0', class: x.severity, dataset: what === 'alerts' ? { alertId: x.id, severity: x.severity, ruleId: x.ruleId }
      : { incidentId: x.id, severity: x.severity, status: x.status }, onclick: open },
    ...(what === 'alerts'
      ? [el('td', {}, time(x.eventTime)), el('td', {}, severityBadge(x.severity)), el('td', {}, t(`rule.${x.ruleId}`)),
        el('td', {}, scenarioLabel(x.scenario)), el('td', {}, x.subjectId || ''), el('td', {}, title(x)), el('td', {}, x.status ? statusBadge(x.status) : '')]
      : [el('td', {}, time(x.lastAlertAt)), el('td', {}, severityBadge(x.severity)), el('td', {}, statusBadge(x.status)),
        el('td', {}, scenarioLabel(x.scenario)), el('td', {}, title(x)), el('td', { class: 'num' }, String(x.alertCount || 0)), el('td', {}, time(x.updatedAt))]));
    tr.addEventListener('keydown', ev => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        open();
      }
    });
    return tr;
  });
  table.replaceChildren(el('caption', { class: 'sr-only' }, t(what === 'alerts' ? 'tab.alerts' : 'tab.incidents')),
    el('thead', {}, head), el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '7', class: 'empty' }, t('table.empty')))])));
  const from = state.table.from;
  const size = Number($('f-size').value);
  $('page-info').textContent = page.total ? t('table.range', { from: from + 1, to: from + page.items.length, total: page.total }) : t('table.none');
  $('page-prev').disabled = from === 0;
  $('page-next').disabled = from + size >= page.total || from + size >= 10000;
}

function sortBy(field) {
  state.table.sort = state.table.sort === `-${field}` ? field : `-${field}`;
  state.table.from = 0;
  loadTable();
}

function setUpTable() {
  for (const r of RULES) $('f-rule').append(el('option', { value: r }, t(`rule.${r}`)));
  for (const s of STATUSES) $('f-status').append(el('option', { value: s }, statusLabel(s)));
  $('f-what').addEventListener('change', () => {
    state.table.sort = DEFAULT_SORT[$('f-what').value];
    state.table.from = 0;
    $('f-rule-label').classList.toggle('hidden', $('f-what').value !== 'alerts');
    loadTable();
  });
  $('table-filters').addEventListener('submit', ev => {
    ev.preventDefault();
    state.table.from = 0;
    loadTable();
  });
  $('table-filters').addEventListener('reset', () => setTimeout(() => {
    state.table.sort = DEFAULT_SORT[$('f-what').value];
    state.table.from = 0;
    loadTable();
  }));
  for (const id of ['f-scenario', 'f-rule', 'f-severity', 'f-status', 'f-area', 'f-size']) {
    $(id).addEventListener('change', () => {
      state.table.from = 0;
      loadTable();
    });
  }
  $('page-prev').addEventListener('click', () => {
    state.table.from = Math.max(0, state.table.from - Number($('f-size').value));
    loadTable();
  });
  $('page-next').addEventListener('click', () => {
    state.table.from += Number($('f-size').value);
    loadTable();
  });
}

function showView(view) {
  state.view = view;
  $('view-map').classList.toggle('active', view === 'map');
  $('view-table').classList.toggle('active', view === 'table');
  $('view-map').setAttribute('aria-pressed', String(view === 'map'));
  $('view-table').setAttribute('aria-pressed', String(view === 'table'));
  $('map').classList.toggle('hidden', view !== 'map');
  $('table-view').classList.toggle('hidden', view !== 'table');
  if (view === 'map') worldMap.resize();
  else loadTable();
}

// --- wiring ----------------------------------------------------------------------------------

for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => {
    state.tab = tab.dataset.tab;
    for (const x of document.querySelectorAll('.tab')) {
      x.classList.toggle('active', x === tab);
      x.setAttribute('aria-selected', String(x === tab));
    }
    for (const p of document.querySelectorAll('[data-tab-panel]')) p.classList.toggle('hidden', p.dataset.tabPanel !== state.tab);
  });
}
$('scenario-filter').addEventListener('change', () => { renderAlerts(); renderIncidents(); });
$('severity-filter').addEventListener('change', () => { renderAlerts(); renderIncidents(); });
$('view-map').addEventListener('click', () => showView('map'));
$('view-table').addEventListener('click', () => showView('table'));
$('login-button').addEventListener('click', () => alarm.unlock());
alarm.wireMute($('mute'));
setUpTable();
setInterval(() => { if (api.loggedIn && page.stream) loadTeams(); }, 30000);
setInterval(() => { if (api.loggedIn && page.stream) refreshWorld(); }, WORLD_REFRESH_MS);
const page = runPage(api, { load, onEvent: onLiveEvent });
