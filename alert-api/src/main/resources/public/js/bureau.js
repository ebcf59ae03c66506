// Environmental bureau page: a map of the park (plants, pools with their fill %, pipes, sluices with
// their position, water-quality stations), every pool's level and the creek from the readings
// endpoint (live), thresholds, forecast and time to overflow on the charts, the board of response
// levels with who was notified, WASTEWATER incidents by tier, and the recommended actions.
import { Api, runPage, showError } from './api.js';
import * as store from './store.js';
import * as alarm from './alarm.js';
import { levelChart } from './charts.js';
import { acknowledgement, alertBlock, closeActions, dispatchTable, recommendedTeams, timeline } from './incident-view.js';
import { drawFeatures, esc, plainMap, worldFeatures } from './map.js';
import {
  debounce, distance, el, eta, LEVELS, levelBadge, levelLabel, minutes, nameOf, roleLabel, SEVERITY_RANK, severityBadge, statusBadge, time,
} from './format.js';
import { action, name, t, title } from './i18n.js';

const SCENARIO = 'WASTEWATER';
/** How far back the charts look. */
const WINDOW_MS = 24 * 3600 * 1000;
const api = new Api('bureau');
const state = {
  alerts: new Map(),
  incidents: new Map(),
  teams: [],
  tanks: [],          // TANK features' properties
  reservoirs: [],     // CREEK_RESERVOIR features' properties
  sluices: [],        // SLUICE features' properties
  stations: [],       // WATER_QUALITY_STATION features' properties
  sensors: new Map(), // SENSOR id → properties
  features: new Map(),
  readings: new Map(), // sensorId → Map(epoch s → value)
  selectedId: null,
  detail: null,
  lastRing: 0,
};
let park = null;
/** What drawPark put on the map, taken off when the live world changes. */
let parkLayers = [];
/** How often the page asks whether the live world changed (a plant put in, a sluice taken out). */
const WORLD_REFRESH_MS = 10000;
const poolMarkers = new Map();
const sluiceMarkers = new Map();
const stationLayers = new Map();
const $ = id => document.getElementById(id);

/** What the page loads once signed in; the live stream opens after it. */
async function load() {
  alarm.unlock();
  $('mute').classList.remove('hidden');
  try {
    const world = await api.getIfChanged('/api/world', null);
    state.worldEtag = world.etag;
    useWorld(world.body, true);
  } catch (e) {
    showError(e, t('load.park'));
  }
  await Promise.all([loadAlerts(), loadIncidents(), loadTeams(), loadReadings()]);
  renderAll();
}

async function loadAlerts() {
  try {
    for (const a of await store.fetchAlerts(api, { scenario: SCENARIO })) state.alerts.set(a.id, a);
  } catch (e) {
    showError(e, t('load.alerts'));
  }
}

async function loadIncidents() {
  try {
    const items = await store.fetchIncidents(api, { scenario: SCENARIO });
    state.incidents = store.mergeNewer(state.incidents, items.filter(i => i.scenario === SCENARIO));
  } catch (e) {
    showError(e, t('load.incidents'));
  }
}

async function loadTeams() {
  try {
    state.teams = (await store.fetchTeams(api)).filter(x => !x.scenario || x.scenario === SCENARIO);
  } catch (e) {
    showError(e, t('load.teams'));
  }
}

/** Every pool's, the creek's, the sluices' and the stations' readings of the last day. */
async function loadReadings() {
  const ids = [...state.tanks.map(x => x.levelSensor), ...state.reservoirs.map(x => x.levelSensor),
    ...state.sluices.map(x => x.positionSensor), ...state.stations.flatMap(x => x.sensors || [])].filter(Boolean);
  const to = new Date(Date.now() + 15 * 60000).toISOString();
  const from = new Date(Date.now() - WINDOW_MS).toISOString();
  await Promise.all(ids.map(async id => {
    try {
      const body = await store.fetchReadings(api, id, from, to);
      const series = seriesOf(id);
      for (const r of body.readings || []) series.set(Date.parse(r.ts) / 1000, r.value);
    } catch (e) {
      showError(e, t('load.readings', { sensor: id }));
    }
  }));
}

function seriesOf(sensorId) {
  let s = state.readings.get(sensorId);
  if (!s) {
    s = new Map();
    state.readings.set(sensorId, s);
  }
  return s;
}

/** Readings of a sensor, oldest first: [{t (epoch s), v}]. */
function readingsOf(sensorId) {
  const s = state.readings.get(sensorId);
  return s ? [...s.entries()].sort((a, b) => a[0] - b[0]).map(([tt, v]) => ({ t: tt, v })) : [];
}

function latestOf(sensorId) {
  const r = readingsOf(sensorId);
  return r.length ? r[r.length - 1] : null;
}

const settleSoon = debounce(async () => {
  await loadIncidents();
  renderBoard();
  renderTiers();
}, store.SEARCH_REFRESH_MS, store.SEARCH_REFRESH_MS);
const refreshSoon = debounce(async () => {
  await loadIncidents();
  renderBoard();
  renderTiers();
  if (state.selectedId) await openIncident(state.selectedId, true);
  settleSoon();
}, 400);
const chartsSoon = debounce(() => { renderCharts(); updatePark(); }, 1000, 3000);

function onLiveEvent(type, data) {
  const kind = store.classify(type, data);
  if (kind.reading) {
    seriesOf(kind.reading.sensorId).set(Date.parse(kind.reading.ts) / 1000, kind.reading.value);
    chartsSoon();
    return;
  }
  if (kind.alertId && kind.alert.scenario === SCENARIO && !state.alerts.has(kind.alertId)) {
    state.alerts.set(kind.alertId, kind.alert);
    fetchAlert(kind.alertId);
    raiseAlarm(kind.alert);
  }
  if (kind.alertId || kind.other) refreshSoon();
}

function raiseAlarm(a) {
  if ((SEVERITY_RANK[a.severity] || 0) < SEVERITY_RANK.HIGH) return;
  if (Date.now() - state.lastRing > 3000 && alarm.ring(a.severity)) state.lastRing = Date.now();
  alarm.notify(t('alarm.notificationTitle', { severity: t(`severity.${a.severity}`) }), title(a), a.incidentId || a.id,
    () => a.incidentId && openIncident(a.incidentId));
  alarm.announce(t('alarm.announce', { text: `${t(`severity.${a.severity}`)}: ${title(a)}`, at: time(a.eventTime) }));
}

async function fetchAlert(id) {
  try {
    state.alerts.set(id, await api.get(`/api/alerts/${encodeURIComponent(id)}`));
    chartsSoon();
  } catch (e) {
    showError(e, t('load.alert'));
  }
}

function renderAll() {
  renderBoard();
  renderTiers();
  renderCharts();
  updatePark();
}

/** The park as the live world has it: its features, and the map drawn from them. */
function useWorld(world, fit) {
  const feats = worldFeatures(world).filter(f => f.properties);
  state.features = new Map(feats.map(f => [f.properties.id, f.properties]));
  const props = type => feats.filter(f => f.properties.type === type).map(f => f.properties);
  state.tanks = props('TANK');
  state.reservoirs = props('CREEK_RESERVOIR');
  state.sluices = props('SLUICE');
  state.stations = props('WATER_QUALITY_STATION');
  state.sensors = new Map(props('SENSOR').map(s => [s.id, s]));
  drawPark(feats.filter(f => f.properties.scenario === SCENARIO), fit);
}

/** Draws the park again when the live world changed; a failed check keeps the park as it is until the next. */
async function refreshWorld() {
  if (!state.worldEtag) return;
  try {
    const world = await api.getIfChanged('/api/world', state.worldEtag);
    if (!world) return;
    state.worldEtag = world.etag;
    useWorld(world.body, false);
    renderAll();
  } catch (e) {
    if (e.status === 401) return;
    console.warn('the live world could not be checked', e);
  }
}

// --- the park map ------------------------------------------------------------------------------

/** @param fit whether to fit the map to the park (the first drawing; a redraw keeps the view) */
function drawPark(features, fit) {
  if (!park) park = plainMap($('park-map'), [28.9, 119.8], 14);
  for (const l of parkLayers) park.removeLayer(l);
  parkLayers = [];
  poolMarkers.clear();
  sluiceMarkers.clear();
  stationLayers.clear();
  const layer = drawFeatures(park, features.filter(f => !['TANK', 'SLUICE'].includes(f.properties.type)), (f, l) => {
    if (f.properties.type === 'WATER_QUALITY_STATION') stationLayers.set(f.properties.id, l);
  });
  parkLayers.push(layer);
  for (const f of features) {
    const p = f.properties;
    if (f.geometry.type !== 'Point' || !['TANK', 'SLUICE'].includes(p.type)) continue;
    const latlng = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
    const m = window.L.marker(latlng, { icon: labelIcon(p.type === 'TANK' ? 'pool-label' : 'sluice-label', name(p)), keyboard: true, title: name(p) })
      .addTo(park);
    m.on('click', () => selectSubject(p.id));
    (p.type === 'TANK' ? poolMarkers : sluiceMarkers).set(p.id, m);
    parkLayers.push(m);
  }
  if (fit && layer.getLayers().length) park.fitBounds(layer.getBounds(), { padding: [12, 12] });
}

function labelIcon(cls, text, id) {
  return window.L.divIcon({ className: '', html: `<div class="${cls}"${id ? ` data-feature-id="${esc(id)}"` : ''}>${esc(text)}</div>`,
    iconSize: null, iconAnchor: [0, 8] });
}

/** Pools' fill %, sluices' position, stations' latest readings, as the readings come in. */
function updatePark() {
  if (!park) return;
  for (const tank of state.tanks) {
    const m = poolMarkers.get(tank.id);
    const r = latestOf(tank.levelSensor);
    if (!m) continue;
    const pct = r ? (r.v / tank.depthM) * 100 : null;
    const cls = pct === null ? 'pool-label' : pct >= tank.highHighPct ? 'pool-label highhigh' : pct >= tank.highPct ? 'pool-label high' : 'pool-label';
    m.setIcon(labelIcon(cls, `${shortName(tank)} ${pct === null ? '–' : pct.toFixed(0) + '%'}`, tank.id));
    m.bindTooltip(esc(`${name(tank)} · ${pct === null ? t('bureau.noReadings') : t('bureau.fill', { pct: pct.toFixed(1) })} · ${tank.capacityM3} m³`));
  }
  for (const s of state.sluices) {
    const m = sluiceMarkers.get(s.id);
    const r = latestOf(s.positionSensor);
    if (!m) continue;
    m.setIcon(labelIcon('sluice-label', `${name(s)} ${r ? t('bureau.open', { pct: Math.round(r.v) }) : '–'}`, s.id));
    m.bindTooltip(esc(`${name(s)} · ${r ? t('bureau.openAt', { pct: Math.round(r.v), at: time(new Date(r.t * 1000).toISOString()) }) : t('bureau.noReadings')}`));
  }
  for (const st of state.stations) {
    const l = stationLayers.get(st.id);
    if (!l) continue;
    const lines = (st.sensors || []).map(id => {
      const s = state.sensors.get(id);
      const r = latestOf(id);
      const over = r && s && ((s.max != null && r.v > s.max) || (s.min != null && r.v < s.min));
      return `${esc(t(`sensorKind.${s ? s.kind : ''}`))}: ${r ? `<b${over ? ' style="color:#c1121f"' : ''}>${r.v}</b> ${esc(s ? unitLabel(s.unit) : '')}` : '–'}`;
    });
    l.bindTooltip(`${esc(name(st))}<br>${lines.join('<br>')}`);
  }
}

function shortName(tank) {
  return tank.plantId ? tank.plantId.replace(/^wy-e/, 'E') : name(tank);
}

function unitLabel(u) {
  return { MG_PER_L: 'mg/L', PCT_OPEN: '%', PH: '', M: 'm', CM: 'cm', MM_PER_H: 'mm/h' }[u] ?? u;
}

function selectSubject(id) {
  const inc = [...state.incidents.values()].filter(i => i.open).find(i => i.subjectId === id || (state.features.get(i.plantId) || {}).poolId === id);
  if (inc) openIncident(inc.id);
  const chart = document.querySelector(`.chart[data-tank-id='${id}']`);
  if (chart) chart.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

// --- board of response levels and incidents by tier ------------------------------------------

/** The effective level of an incident: the higher of its response level and the escalation reached. */
function levelOf(i) {
  const l = [i.escalationLevel, i.responseLevel].filter(x => LEVELS.includes(x));
  return l.length ? l.sort((a, b) => LEVELS.indexOf(b) - LEVELS.indexOf(a))[0] : 'ENTERPRISE';
}

function renderBoard() {
  const open = [...state.incidents.values()].filter(i => i.open);
  $('level-board').replaceChildren(...LEVELS.map(lvl => {
    const here = open.filter(i => levelOf(i) === lvl);
    const notified = open.flatMap(i => (i.dispatches || []).filter(d => d.level === lvl).map(d => ({ d, i })));
    return el('section', { class: `lvl ${here.length || notified.length ? 'active' : ''}`, dataset: { level: lvl }, 'aria-label': levelLabel(lvl) },
      el('h3', {}, levelLabel(lvl), el('b', {}, String(here.length))),
      notified.length
        ? el('ul', {}, ...notified.map(({ d }) => el('li', { dataset: { teamId: d.teamId, status: d.status } },
          name({ name: d.teamName, nameZh: d.teamNameZh, id: d.teamId }), ' ', statusBadge(d.status),
          el('div', { class: 'who' }, t('board.notifiedAt', { at: time(d.dispatchedAt) }), d.acknowledgedAt ? ' · ' + t('board.ackAt', { at: time(d.acknowledgedAt) }) : ''))))
        : el('div', { class: 'who' }, t('board.nobody')));
  }));
}

/** The highest tier an incident reached, from its alerts (tier 1 pools, 2 enclosure, 3 creek). */
function tierOf(inc) {
  let tier = inc.tier || 0;
  for (const a of state.alerts.values()) {
    if ((a.incidentId === inc.id || (!a.incidentId && a.incidentKey === inc.incidentKey)) && a.tier) tier = Math.max(tier, a.tier);
  }
  return tier || 1;
}

function renderTiers() {
  const groups = { 1: [], 2: [], 3: [] };
  for (const inc of state.incidents.values()) groups[Math.min(3, tierOf(inc))].push(inc);
  const box = $('incidents-by-tier');
  box.replaceChildren(...[3, 2, 1].map(tier => el('section', { class: 'tier-group', dataset: { tier: String(tier) } },
    el('h3', {}, t(`tier.${tier}`), ` (${groups[tier].filter(i => i.open).length})`),
    groups[tier].length
      ? el('ul', { class: 'items' }, ...groups[tier].sort(store.incidentOrder).map(incidentItem))
      : el('div', { class: 'empty' }, t('common.none')))));
}

function incidentItem(i) {
  const open = () => openIncident(i.id);
  const li = el('li', {
    class: `${i.severity} ${i.id === state.selectedId ? 'selected' : ''} ${i.unseenSince ? 'unseen' : ''}`,
    dataset: { incidentId: i.id, status: i.status }, tabindex: '0', role: 'button', onclick: open,
    'aria-current': i.id === state.selectedId ? 'true' : undefined,
  },
  el('div', { class: 'title' }, title(i)),
  el('div', { class: 'meta' }, severityBadge(i.severity), statusBadge(i.status), levelBadge(levelOf(i)),
    i.unseenSince ? el('span', { class: 'unseen-badge' }, t('ack.unseen')) : null,
    el('span', {}, time(i.lastAlertAt || i.updatedAt))));
  li.addEventListener('keydown', ev => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      open();
    }
  });
  return li;
}

// --- charts ------------------------------------------------------------------------------------

function epoch(iso) { const x = Date.parse(iso || ''); return Number.isNaN(x) ? null : x / 1000; }

/** The latest overflow forecast for a subject (tank or reservoir), as epoch seconds. */
function forecastOf(subjectId) {
  let best = null;
  for (const a of state.alerts.values()) {
    if (a.subjectId !== subjectId) continue;
    let at = epoch(a.predictedOverflowAt);
    const rec = a.recommendation || {};
    if (at === null && typeof rec.minutesToFull === 'number') at = epoch(a.eventTime) + rec.minutesToFull * 60;
    if (at !== null && (!best || epoch(a.eventTime) > best.from)) best = { at, from: epoch(a.eventTime) };
  }
  return best && best.at;
}

function selectedSubjects() {
  const inc = state.selectedId && state.incidents.get(state.selectedId);
  const ids = new Set();
  if (!inc) return ids;
  ids.add(inc.subjectId);
  for (const a of state.alerts.values()) if (a.incidentId === inc.id) ids.add(a.subjectId);
  const plant = inc.plantId && state.features.get(inc.plantId);
  if (plant && plant.poolId) ids.add(plant.poolId);
  return ids;
}

/**
 * Time to overflow: the forecast alert's time when there is one, else where the trend of the last
 * ten minutes reaches full (within six hours); null when neither says it will.
 */
function timeToFull(forecast, line, lastT, full) {
  if (forecast) return forecast;
  if (line && line.slope > 0 && lastT !== null) {
    const hit = (full - line.intercept) / line.slope;
    if (hit > lastT && hit - lastT < 6 * 3600) return hit;
  }
  return null;
}

function ttfLabel(at, lastT) {
  if (!at) return null;
  const iso = new Date(at * 1000).toISOString();
  const mins = (at - (lastT || at)) / 60;
  return el('span', { class: 'ttf' }, at > (lastT || 0) ? t('chart.overflowIn', { in: minutes(mins), at: time(iso) }) : t('chart.overflowAt', { at: time(iso) }));
}

function renderCharts() {
  const selected = selectedSubjects();
  const pools = $('pool-charts');
  const tanks = state.tanks.slice().sort((a, b) => (selected.has(b.id) - selected.has(a.id)) || a.id.localeCompare(b.id));
  pools.replaceChildren();
  for (const tank of tanks) {
    const fill = readingsOf(tank.levelSensor).map(r => ({ t: r.t, v: (r.v / tank.depthM) * 100 }));
    const forecast = forecastOf(tank.id);
    const latest = fill.length ? fill[fill.length - 1] : null;
    const head = el('div', { class: 'head' }, el('span', {}, el('b', {}, name(tank)), ' ', el('span', { class: 'en' }, `${tank.capacityM3} m³`)),
      el('span', { class: 'latest' }, latest ? t('bureau.fill', { pct: latest.v.toFixed(1) }) : ''));
    const box = el('div', { class: `chart ${selected.has(tank.id) ? 'selected' : ''}`, dataset: { tankId: tank.id, readings: String(fill.length) },
      role: 'figure', 'aria-label': t('chart.poolLabel', { name: name(tank), pct: latest ? latest.v.toFixed(1) : '–' }) }, head);
    pools.append(box);
    if (!fill.length) {
      box.append(el('div', { class: 'nodata' }, t('chart.noReadings')));
      continue;
    }
    const { line } = levelChart(box, {
      readings: fill, unit: '%', yMin: 0, yMax: Math.max(105, ...fill.map(r => r.v + 3)), full: 100,
      forecastAt: forecast, trendWindowS: 600, forecastLabel: t('chart.forecast'),
      thresholds: [
        { value: tank.highPct, label: t('chart.high', { pct: tank.highPct }), color: '#d9a400' },
        { value: tank.highHighPct, label: t('chart.highHigh', { pct: tank.highHighPct }), color: '#e36414' },
        { value: 100, label: t('chart.overflow'), color: '#c1121f', side: 'right' },
        { value: tank.readinessMaxPct, label: t('chart.readiness', { pct: tank.readinessMaxPct }), color: '#5b8c5a' },
      ].filter(x => typeof x.value === 'number'),
    });
    const ttf = ttfLabel(timeToFull(forecast, line, latest.t, 100), latest.t);
    if (ttf) head.append(ttf);
  }

  const creek = $('creek-chart');
  creek.replaceChildren();
  for (const r of state.reservoirs) {
    const readings = readingsOf(r.levelSensor);
    const forecast = forecastOf(r.id);
    const latest = readings.length ? readings[readings.length - 1] : null;
    const head = el('div', { class: 'head' }, el('span', {}, el('b', {}, name(r)), ' ', el('span', { class: 'en' }, `${r.capacityM3} m³ · ${r.depthM} m`)),
      el('span', { class: 'latest' }, latest ? `${latest.v} m` : ''));
    const box = el('div', { class: `chart ${selected.has(r.id) ? 'selected' : ''}`, dataset: { reservoirId: r.id, readings: String(readings.length) } }, head);
    creek.append(box);
    if (!readings.length) {
      box.append(el('div', { class: 'nodata' }, t('chart.noReadings')));
      continue;
    }
    const { line } = levelChart(box, {
      readings, unit: ' m', yMin: 0, yMax: Math.max(r.depthM * 1.1, ...readings.map(x => x.v * 1.05)), full: r.depthM,
      forecastAt: forecast, trendWindowS: 600, forecastLabel: t('chart.forecast'),
      thresholds: [{ value: r.depthM, label: t('chart.full', { m: r.depthM }), color: '#c1121f' }],
    });
    const ttf = ttfLabel(timeToFull(forecast, line, latest.t, r.depthM), latest.t);
    if (ttf) head.append(ttf);
  }
}

// --- incident detail: recommended actions -----------------------------------------------------

async function openIncident(id, refresh = false) {
  state.selectedId = id;
  try {
    const detail = await store.fetchIncident(api, id, state.alerts);
    if (state.selectedId !== id) return;
    for (const a of detail.alerts) state.alerts.set(a.id, a);
    state.incidents.set(id, { ...state.incidents.get(id), ...detail.incident });
    const unchanged = refresh && signature(state.detail) === signature(detail);
    state.detail = detail;
    renderTiers();
    renderBoard();
    if (!refresh) renderCharts();
    const box = $('bureau-detail');
    // A live refresh re-renders only what changed, and never under a user ticking teams.
    if (refresh && (unchanged || box.querySelector('input.team-choice:checked'))) return;
    renderDetail(detail);
  } catch (e) {
    showError(e, t('load.incident'));
  }
}

function signature(d) {
  if (!d || !d.incident) return '';
  return [d.incident.id, d.incident.version, d.incident.updatedAt, d.incident.status, d.alerts.length, d.incident.seenBy, d.incident.unseenSince,
    (d.incident.dispatches || []).map(x => x.teamId + x.status).join()].join('|');
}

function renderDetail({ incident: inc, alerts }) {
  const box = $('bureau-detail');
  box.dataset.incidentId = inc.id;
  box.dataset.status = inc.status;
  const latest = alerts[0] || {};
  const tier = Math.min(3, tierOf(inc));
  const parts = [
    el('div', { class: 'headline' }, severityBadge(inc.severity), statusBadge(inc.status), levelBadge(inc.responseLevel),
      inc.escalationLevel && inc.escalationLevel !== inc.responseLevel ? el('span', { class: 'badge' }, t('bureau.escalatedTo', { level: levelLabel(inc.escalationLevel) })) : null,
      el('span', { class: 'badge' }, t(`tier.${tier}`))),
    el('h2', {}, title(inc)),
    acknowledgement(api, inc, () => openIncident(inc.id).then(settleSoon)),
  ];
  const overflow = alerts.map(a => a.predictedOverflowAt).find(Boolean);
  if (overflow) parts.push(el('div', { class: 'plan-summary' }, t('bureau.forecastOverflow'), ' ', el('b', {}, time(overflow))));
  const withAction = alerts.filter(a => a.recommendation && (a.recommendation.action || a.recommendation.actionZh));
  parts.push(el('h3', {}, t('bureau.actions')));
  if (withAction.length) {
    for (const a of withAction.slice(0, 3)) {
      parts.push(el('div', { class: 'recommend-note' }, action(a.recommendation), el('div', { class: 'part' }, `${t(`rule.${a.ruleId}`)} · ${time(a.eventTime)}`)));
    }
  } else {
    parts.push(el('div', { class: 'empty' }, t('common.none')));
  }
  const planAlert = alerts.find(a => a.recommendation && a.recommendation.transferPlan);
  if (planAlert) parts.push(...transferPlan(planAlert.recommendation.transferPlan));
  const sluices = sluicesToClose(alerts);
  if (sluices.length) {
    parts.push(el('h3', {}, t('bureau.sluicesToClose')));
    parts.push(el('ul', { class: 'sluice-list' }, ...sluices.map(s => el('li', { dataset: { sluiceId: s.id } },
      name(s), ' ', el('span', { class: 'part' }, s.role === 'SEWAGE_INTERCEPT' ? t('bureau.sewageIntercept') : t('bureau.cleanIntercept'))))));
  }
  const recTeams = latest.recommendation && latest.recommendation.teams;
  if (recTeams && recTeams.length && !(inc.recommendation || []).length) {
    parts.push(el('h3', {}, t('bureau.teamsFromAlert')));
    parts.push(el('table', { class: 'data' }, el('tbody', {}, ...recTeams.map(x => el('tr', {},
      el('td', {}, name(x), el('div', { class: 'part' }, roleLabel(x.role))),
      el('td', { class: 'num' }, distance(x.distanceM)), el('td', { class: 'num' }, eta(x)))))));
  }
  parts.push(closeActions(api, inc, refreshSoon));
  parts.push(el('h3', {}, t('incident.recommended'), ' ', el('span', { class: 'en' }, t('bureau.levelAndBelow', { level: levelLabel(levelOf(inc)) }))));
  parts.push(recommendedTeams(api, inc, state.teams, () => { openIncident(inc.id); settleSoon(); }));
  parts.push(el('h3', {}, t('incident.dispatched')));
  parts.push(dispatchTable(inc));
  parts.push(el('h3', {}, t('bureau.alertsAndReadings', { n: alerts.length })));
  parts.push(...alerts.map((a, i) => alertBlock(a, i === 0)));
  parts.push(el('h3', {}, t('incident.timeline')));
  parts.push(timeline(inc));
  box.replaceChildren(...parts);
}

function transferPlan(p) {
  const tank = id => nameOf(state.features.get(id)) || id;
  const out = [el('h3', {}, t('plan.title'))];
  out.push(el('div', { class: 'plan-summary' },
    t('plan.flows', { inflow: p.inflowM3h, absorbed: p.absorbedM3h }), ' · ',
    p.sufficient
      ? el('span', {}, t('plan.sufficient', { h: p.horizonHours }))
      : el('span', { class: 'short' }, t('plan.shortfall', { rate: p.shortfallM3h, volume: p.shortfallM3, h: p.horizonHours }))));
  if ((p.intakes || []).length) {
    out.push(el('table', { class: 'data', id: 'transfer-intakes' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('plan.receivingPool')), el('th', { class: 'num', scope: 'col' }, t('plan.hops')),
        el('th', { class: 'num', scope: 'col' }, 'm³/h'), el('th', { class: 'num', scope: 'col' }, t('plan.spare')))),
      el('tbody', {}, ...p.intakes.map(i => el('tr', {},
        el('td', {}, name(i)), el('td', { class: 'num' }, i.hops), el('td', { class: 'num' }, i.rateM3h),
        el('td', { class: 'num' }, i.spareM3))))));
  }
  if ((p.pipeFlows || []).length) {
    out.push(el('table', { class: 'data', id: 'transfer-pipes' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('plan.pipe')), el('th', { scope: 'col' }, t('plan.fromTo')), el('th', { class: 'num', scope: 'col' }, 'm³/h'))),
      el('tbody', {}, ...p.pipeFlows.map(f => el('tr', {},
        el('td', {}, f.pipeId), el('td', {}, `${tank(f.fromTankId)} → ${tank(f.toTankId)}`), el('td', { class: 'num' }, f.rateM3h))))));
  }
  return out;
}

function sluicesToClose(alerts) {
  const byId = new Map();
  for (const a of alerts) {
    const r = a.recommendation || {};
    for (const s of [...(r.closeSluices || []), ...(r.sluices || [])]) if (s && s.id) byId.set(s.id, s);
  }
  return [...byId.values()];
}

// --- wiring ----------------------------------------------------------------------------------

window.addEventListener('resize', debounce(renderCharts, 300));
$('login-button').addEventListener('click', () => alarm.unlock());
alarm.wireMute($('mute'));
const page = runPage(api, { load, onEvent: onLiveEvent });
setInterval(() => { if (api.loggedIn && page.stream) refreshWorld(); }, WORLD_REFRESH_MS);
