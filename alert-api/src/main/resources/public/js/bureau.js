// Environmental bureau page: WASTEWATER incidents by tier and response level, pool and creek level
// charts with thresholds and forecasts, recommended actions (transfer plan, sluices, teams).
import { Api, runPage, showError } from './api.js';
import * as store from './store.js';
import { levelChart } from './charts.js';
import { alertBlock, closeActions, dispatchTable, recommendedTeams, timeline } from './incident-view.js';
import { worldFeatures } from './map.js';
import {
  bi, debounce, distance, el, eta, LEVEL, levelBadge, nameOf, roleLabel, severityBadge, statusBadge, time,
} from './format.js';

const SCENARIO = 'WASTEWATER';
const api = new Api('bureau');
const state = {
  alerts: new Map(),
  incidents: new Map(),
  teams: [],
  tanks: [],          // TANK features' properties
  reservoirs: [],     // CREEK_RESERVOIR features' properties
  features: new Map(),
  selectedId: null,
  detail: null,
};
const $ = id => document.getElementById(id);

/** What the page loads once signed in; the live stream opens after it. */
async function load() {
  try {
    const feats = worldFeatures(await api.get('/api/world')).filter(f => f.properties);
    state.features = new Map(feats.map(f => [f.properties.id, f.properties]));
    state.tanks = feats.filter(f => f.properties.type === 'TANK').map(f => f.properties);
    state.reservoirs = feats.filter(f => f.properties.type === 'CREEK_RESERVOIR').map(f => f.properties);
  } catch (e) {
    showError(e, '加载园区数据 Loading the park');
  }
  await Promise.all([loadAlerts(), loadIncidents(), loadTeams()]);
  renderAll();
}

async function loadAlerts() {
  try {
    for (const a of await store.fetchAlerts(api, { scenario: SCENARIO })) state.alerts.set(a.id, a);
  } catch (e) {
    showError(e, '加载预警 Loading alerts');
  }
}

async function loadIncidents() {
  try {
    const items = await store.fetchIncidents(api, { scenario: SCENARIO });
    state.incidents = store.mergeNewer(state.incidents, items.filter(i => i.scenario === SCENARIO));
  } catch (e) {
    showError(e, '加载事件 Loading incidents');
  }
}

async function loadTeams() {
  try {
    state.teams = (await store.fetchTeams(api)).filter(t => !t.scenario || t.scenario === SCENARIO);
  } catch (e) {
    showError(e, '加载队伍 Loading teams');
  }
}

const settleSoon = debounce(async () => {
  await loadIncidents();
  renderSummary();
  renderTiers();
}, store.SEARCH_REFRESH_MS, store.SEARCH_REFRESH_MS);
const refreshSoon = debounce(async () => {
  await loadIncidents();
  renderAll();
  if (state.selectedId) await openIncident(state.selectedId, true);
  settleSoon();
}, 400);
const chartsSoon = debounce(() => renderCharts(), 300);

function onLiveEvent(type, data) {
  const kind = store.classify(type, data);
  if (kind.alertId && kind.alert.scenario === SCENARIO && !state.alerts.has(kind.alertId)) {
    state.alerts.set(kind.alertId, kind.alert);
    fetchAlert(kind.alertId);
  }
  if (kind.alertId || kind.other) refreshSoon();
}

async function fetchAlert(id) {
  try {
    state.alerts.set(id, await api.get(`/api/alerts/${encodeURIComponent(id)}`));
    chartsSoon();
  } catch (e) {
    showError(e, '加载预警 Loading an alert');
  }
}

function renderAll() {
  renderSummary();
  renderTiers();
  renderCharts();
}

// --- incidents by tier and level --------------------------------------------------------------

/** The highest tier an incident reached, from its alerts (tier 1 pools, 2 enclosure, 3 creek). */
function tierOf(inc) {
  let tier = inc.tier || 0;
  for (const a of state.alerts.values()) {
    if ((a.incidentId === inc.id || (!a.incidentId && a.incidentKey === inc.incidentKey)) && a.tier) tier = Math.max(tier, a.tier);
  }
  return tier || 1;
}

function renderSummary() {
  const open = [...state.incidents.values()].filter(i => i.open);
  $('level-summary').replaceChildren(...Object.entries(LEVEL).map(([lvl, [zh, en]]) => {
    const n = open.filter(i => (i.escalationLevel || i.responseLevel) === lvl).length;
    return el('div', { class: `lvl ${n ? 'active' : ''}`, dataset: { level: lvl } }, el('b', {}, String(n)), `${zh} ${en}`);
  }));
}

const TIERS = {
  3: ['第三级 河道闸坝', 'Tier 3 · creek sluices'],
  2: ['第二级 厂区围堰', 'Tier 2 · plant enclosure'],
  1: ['第一级 事故应急池', 'Tier 1 · emergency pools'],
};

function renderTiers() {
  const groups = { 1: [], 2: [], 3: [] };
  for (const inc of state.incidents.values()) groups[Math.min(3, tierOf(inc))].push(inc);
  const box = $('incidents-by-tier');
  box.replaceChildren(...[3, 2, 1].map(t => el('section', { class: 'tier-group', dataset: { tier: String(t) } },
    el('h3', {}, `${TIERS[t][0]} `, el('span', { class: 'en' }, TIERS[t][1]), ` (${groups[t].filter(i => i.open).length})`),
    groups[t].length
      ? el('ul', { class: 'items' }, ...groups[t].sort(store.incidentOrder).map(incidentItem))
      : el('div', { class: 'empty' }, '无 None'))));
}

function incidentItem(i) {
  return el('li', {
    class: `${i.severity} ${i.id === state.selectedId ? 'selected' : ''}`,
    dataset: { incidentId: i.id, status: i.status },
    onclick: () => openIncident(i.id),
  },
  el('div', { class: 'title' }, i.titleZh || i.title),
  i.titleZh && i.title ? el('div', { class: 'en small' }, i.title) : null,
  el('div', { class: 'meta' }, severityBadge(i.severity), statusBadge(i.status), levelBadge(i.escalationLevel || i.responseLevel),
    el('span', {}, time(i.lastAlertAt || i.updatedAt))));
}

// --- charts ------------------------------------------------------------------------------------

function epoch(iso) { const t = Date.parse(iso || ''); return Number.isNaN(t) ? null : t / 1000; }

/** Readings of one sensor found in the alerts' evidence, unique by time. */
function readingsOf(sensorId) {
  const byT = new Map();
  for (const a of state.alerts.values()) {
    for (const e of a.evidence || []) {
      if (e.key !== sensorId || typeof e.value !== 'number') continue;
      const t = epoch(e.ts);
      if (t !== null) byT.set(t, e.value);
    }
  }
  return [...byT.entries()].map(([t, v]) => ({ t, v }));
}

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

function renderCharts() {
  const selected = selectedSubjects();
  const pools = $('pool-charts');
  const tanks = state.tanks
    .map(t => ({ t, readings: readingsOf(t.levelSensor) }))
    .filter(x => x.readings.length || selected.has(x.t.id))
    .sort((a, b) => (selected.has(b.t.id) - selected.has(a.t.id)) || a.t.id.localeCompare(b.t.id));
  pools.replaceChildren();
  for (const { t, readings } of tanks) {
    const fill = readings.map(r => ({ t: r.t, v: (r.v / t.depthM) * 100 }));
    const forecast = forecastOf(t.id);
    const latest = fill.length ? fill.reduce((a, b) => (b.t > a.t ? b : a)) : null;
    const box = el('div', { class: `chart ${selected.has(t.id) ? 'selected' : ''}`, dataset: { tankId: t.id } },
      el('div', { class: 'head' }, el('span', {}, el('b', {}, t.nameZh || t.name), ' ', el('span', { class: 'en' }, `${t.capacityM3} m³`)),
        el('span', {}, latest ? `${latest.v.toFixed(1)}%` : '', forecast ? el('span', { class: 'forecast' }, ` · 溢出 ${time(new Date(forecast * 1000).toISOString())}`) : '')));
    pools.append(box);
    if (!fill.length) {
      box.append(el('div', { class: 'nodata' }, '暂无读数 No readings in the alerts yet'));
      continue;
    }
    levelChart(box, {
      readings: fill, unit: '%', yMin: 0, yMax: Math.max(105, ...fill.map(r => r.v + 3)), full: 100,
      forecastAt: forecast, trendWindowS: 600,
      thresholds: [
        { value: t.highPct, label: `高 high ${t.highPct}%`, color: '#d9a400' },
        { value: t.highHighPct, label: `高高 high-high ${t.highHighPct}%`, color: '#e36414' },
        { value: 100, label: '溢出 overflow 100%', color: '#c1121f', side: 'right' },
        { value: t.readinessMaxPct, label: `备用上限 readiness ${t.readinessMaxPct}%`, color: '#5b8c5a' },
      ].filter(x => typeof x.value === 'number'),
    });
  }
  if (!tanks.length) pools.append(el('div', { class: 'empty' }, '暂无应急池预警读数 No pool readings in the alerts yet'));

  const creek = $('creek-chart');
  creek.replaceChildren();
  for (const r of state.reservoirs) {
    const readings = readingsOf(r.levelSensor);
    const forecast = forecastOf(r.id);
    const box = el('div', { class: `chart ${selected.has(r.id) ? 'selected' : ''}`, dataset: { reservoirId: r.id } },
      el('div', { class: 'head' }, el('span', {}, el('b', {}, r.nameZh || r.name), ' ', el('span', { class: 'en' }, `${r.capacityM3} m³ · ${r.depthM} m`)),
        forecast ? el('span', { class: 'forecast' }, `蓄满 full ${time(new Date(forecast * 1000).toISOString())}`) : el('span', {})));
    creek.append(box);
    if (!readings.length) {
      box.append(el('div', { class: 'nodata' }, '暂无读数 No creek readings in the alerts yet'));
      continue;
    }
    levelChart(box, {
      readings, unit: ' m', yMin: 0, yMax: Math.max(r.depthM * 1.1, ...readings.map(x => x.v * 1.05)), full: r.depthM,
      forecastAt: forecast, trendWindowS: 600,
      thresholds: [{ value: r.depthM, label: `蓄满 full ${r.depthM} m`, color: '#c1121f' }],
    });
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
    if (!refresh) renderCharts();
    const box = $('bureau-detail');
    // A live refresh re-renders only what changed, and never under a user ticking teams.
    if (refresh && (unchanged || box.querySelector('input.team-choice:checked'))) return;
    renderDetail(detail);
  } catch (e) {
    showError(e, '加载事件详情 Loading the incident');
  }
}

function signature(d) {
  if (!d || !d.incident) return '';
  return [d.incident.id, d.incident.version, d.incident.updatedAt, d.incident.status, d.alerts.length,
    (d.incident.dispatches || []).map(x => x.teamId + x.status).join()].join('|');
}

function renderDetail({ incident: inc, alerts }) {
  const box = $('bureau-detail');
  box.dataset.incidentId = inc.id;
  box.dataset.status = inc.status;
  const latest = alerts[0] || {};
  const parts = [
    el('div', { class: 'headline' }, severityBadge(inc.severity), statusBadge(inc.status), levelBadge(inc.responseLevel),
      inc.escalationLevel && inc.escalationLevel !== inc.responseLevel ? el('span', { class: 'badge' }, `升级至 escalated to ${(LEVEL[inc.escalationLevel] || [inc.escalationLevel]).join(' ')}`) : null,
      el('span', { class: 'badge' }, `${TIERS[Math.min(3, tierOf(inc))][0]} ${TIERS[Math.min(3, tierOf(inc))][1]}`)),
    el('h2', {}, bi(inc.titleZh, inc.title)),
  ];
  const overflow = alerts.map(a => a.predictedOverflowAt).find(Boolean);
  if (overflow) parts.push(el('div', { class: 'plan-summary' }, '预计溢出 Forecast overflow: ', el('b', {}, time(overflow))));
  const withAction = alerts.filter(a => a.recommendation && (a.recommendation.action || a.recommendation.actionZh));
  parts.push(el('h3', {}, '处置建议 Recommended actions'));
  if (withAction.length) {
    for (const a of withAction.slice(0, 3)) {
      parts.push(el('div', { class: 'recommend-note' }, bi(a.recommendation.actionZh, a.recommendation.action),
        el('div', { class: 'part' }, `${a.ruleId} · ${time(a.eventTime)}`)));
    }
  } else {
    parts.push(el('div', { class: 'empty' }, '无 None'));
  }
  const planAlert = alerts.find(a => a.recommendation && a.recommendation.transferPlan);
  if (planAlert) parts.push(...transferPlan(planAlert.recommendation.transferPlan));
  const sluices = sluicesToClose(alerts);
  if (sluices.length) {
    parts.push(el('h3', {}, '关闭闸门 Sluices to close'));
    parts.push(el('ul', { class: 'sluice-list' }, ...sluices.map(s => el('li', { dataset: { sluiceId: s.id } },
      bi(s.nameZh, s.name), ' ', el('span', { class: 'part' }, s.role === 'SEWAGE_INTERCEPT' ? '下游污水拦截 downstream sewage' : '上游清水拦截 upstream clean water')))));
  }
  const recTeams = latest.recommendation && latest.recommendation.teams;
  if (recTeams && recTeams.length && !(inc.recommendation || []).length) {
    parts.push(el('h3', {}, '建议力量 Teams (from the alert)'));
    parts.push(el('table', { class: 'data' }, el('tbody', {}, ...recTeams.map(t => el('tr', {},
      el('td', {}, bi(t.nameZh, t.name), el('div', { class: 'part' }, roleLabel(t.role))),
      el('td', { class: 'num' }, distance(t.distanceM)), el('td', { class: 'num' }, eta(t)))))));
  }
  parts.push(closeActions(api, inc, refreshSoon));
  parts.push(el('h3', {}, '推荐力量 Recommended teams ', el('span', { class: 'en' }, `(${(LEVEL[inc.escalationLevel || inc.responseLevel] || ['', ''])[1]} and below)`)));
  parts.push(recommendedTeams(api, inc, state.teams, () => { openIncident(inc.id); settleSoon(); }));
  parts.push(el('h3', {}, '已派遣 Dispatched teams'));
  parts.push(dispatchTable(inc));
  parts.push(el('h3', {}, `预警与读数 Alerts and readings (${alerts.length})`));
  parts.push(...alerts.map((a, i) => alertBlock(a, i === 0)));
  parts.push(el('h3', {}, '时间线 Timeline'));
  parts.push(timeline(inc));
  box.replaceChildren(...parts);
}

function transferPlan(p) {
  const tank = id => nameOf(state.features.get(id)) || id;
  const out = [el('h3', {}, '互连转输方案 Transfer plan')];
  out.push(el('div', { class: 'plan-summary' },
    `来水 inflow ${p.inflowM3h} m³/h · 可转输 absorbed ${p.absorbedM3h} m³/h · `,
    p.sufficient
      ? el('span', {}, `${p.horizonHours} h 内容量足够 sufficient for ${p.horizonHours} h`)
      : el('span', { class: 'short' }, `缺口 shortfall ${p.shortfallM3h} m³/h (${p.shortfallM3} m³ in ${p.horizonHours} h) — 需园区级响应 raise to PARK`)));
  if ((p.intakes || []).length) {
    out.push(el('table', { class: 'data', id: 'transfer-intakes' },
      el('thead', {}, el('tr', {}, el('th', {}, '接收池 Receiving pool'), el('th', { class: 'num' }, '跳数 Hops'),
        el('th', { class: 'num' }, 'm³/h'), el('th', { class: 'num' }, '余量 Spare m³'))),
      el('tbody', {}, ...p.intakes.map(i => el('tr', {},
        el('td', {}, bi(i.nameZh, i.name)), el('td', { class: 'num' }, i.hops), el('td', { class: 'num' }, i.rateM3h),
        el('td', { class: 'num' }, i.spareM3))))));
  }
  if ((p.pipeFlows || []).length) {
    out.push(el('table', { class: 'data', id: 'transfer-pipes' },
      el('thead', {}, el('tr', {}, el('th', {}, '管道 Pipe'), el('th', {}, '从 → 到 From → to'), el('th', { class: 'num' }, 'm³/h'))),
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
const page = runPage(api, { load, onEvent: onLiveEvent });
