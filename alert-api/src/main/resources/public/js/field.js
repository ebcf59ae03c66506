// Field-team page (phone): my dispatches, acknowledge / en route / on scene / done, share my
// position (device location, or typed in when the browser cannot locate).
import { Api, runPage, showError, showMessage } from './api.js';
import * as store from './store.js';
import { bi, debounce, distance, el, haversineM, keyedList, nameOf, roleLabel, severityBadge, statusBadge, time } from './format.js';

const api = new Api('field');
const STEPS = [
  ['ACKNOWLEDGED', '确认', 'Acknowledge'],
  ['EN_ROUTE', '出发', 'En route'],
  ['ON_SCENE', '到场', 'On scene'],
  ['RESOLVED', '完成', 'Done'],
];
const ORDER = ['DISPATCHED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED', 'FALSE_ALARM'];
const state = { team: null, incidents: [], details: new Map(), myPosition: null, busy: false };
const cardNodes = new Map();
const $ = id => document.getElementById(id);

function teamId() { return api.username; }

/** What the page loads once signed in; the live stream opens after it. */
async function load() {
  $('team-name').textContent = teamId();
  loadTeam();
  await loadDispatches();
}

async function loadTeam() {
  try {
    const team = (await store.fetchTeams(api)).find(t => t.id === teamId());
    if (!team) return;
    state.team = team;
    $('team-name').replaceChildren(bi(team.nameZh, team.name));
    $('team-meta').textContent = `${team.id} · ${roleLabel(team.role)}${team.persons ? ' · ' + team.persons + ' 人 persons' : ''}`;
    const p = team.position || team.location;
    if (p && typeof p.lat === 'number' && !state.myPosition) state.myPosition = { lat: p.lat, lon: p.lon };
  } catch (e) {
    showError(e, '加载队伍信息 Loading the team');
  }
}

function myDispatch(inc) {
  return (inc.dispatches || []).find(d => d.teamId === teamId()) || null;
}

async function loadDispatches() {
  try {
    const items = await store.fetchIncidents(api, {});
    const held = new Map(state.incidents.map(i => [i.id, i]));
    state.incidents = [...store.mergeNewer(held, items).values()].filter(myDispatch);
    await Promise.all(state.incidents.filter(i => i.open).map(async i => {
      try {
        state.details.set(i.id, await store.fetchIncident(api, i.id));
      } catch (e) {
        showError(e, '加载任务详情 Loading a dispatch');
      }
    }));
    render();
  } catch (e) {
    showError(e, '加载任务 Loading my dispatches');
  }
}

const reloadSoon = debounce(() => { if (!state.busy) loadDispatches(); }, 300);
const settleSoon = debounce(() => { if (!state.busy) loadDispatches(); }, store.SEARCH_REFRESH_MS, store.SEARCH_REFRESH_MS);

function onLiveEvent(type, data) {
  const kind = store.classify(type, data);
  if (kind.teamPosition) return;
  reloadSoon();
}

function render() {
  const list = $('dispatch-list');
  const rank = inc => {
    const d = myDispatch(inc);
    return (inc.open && !['RESOLVED', 'FALSE_ALARM'].includes(d.status)) ? 0 : 1;
  };
  const items = state.incidents.slice().sort((a, b) => (rank(a) - rank(b)) || store.incidentOrder(a, b));
  const active = items.filter(i => rank(i) === 0).length;
  $('dispatch-count').textContent = `(${active} 进行中 active)`;
  // Cards that did not change stay the same elements: a live update must not swallow a tap.
  keyedList(list, cardNodes, items.map(inc => {
    const d = myDispatch(inc);
    const detail = state.details.get(inc.id);
    return {
      id: inc.id,
      sig: [inc.status, inc.open, inc.severity, inc.title, d.status, d.ackDueAt, detail ? detail.alerts.length : -1,
        state.myPosition ? `${state.myPosition.lat},${state.myPosition.lon}` : '', state.team ? 1 : 0].join('|'),
      make: () => card(inc),
    };
  }), '暂无派遣任务 No dispatches for this team');
}

function card(inc) {
  const d = myDispatch(inc);
  const detail = state.details.get(inc.id);
  const alerts = detail ? detail.alerts : [];
  const lkp = (alerts.find(a => a.lastKnownPosition) || {}).lastKnownPosition;
  const trail = (alerts.find(a => a.nearestTrail) || {}).nearestTrail;
  const rec = (alerts.find(a => a.recommendation && (a.recommendation.actionZh || a.recommendation.action)) || {}).recommendation;
  const target = lkp || inc.location;
  const ended = !inc.open || ['RESOLVED', 'FALSE_ALARM'].includes(d.status);
  const cur = ORDER.indexOf(d.status);
  const steps = el('div', { class: 'steps' }, ...STEPS.map(([status, zh, en]) => {
    const idx = ORDER.indexOf(status);
    const done = cur >= idx;
    return el('button', {
      type: 'button', class: done ? 'done' : '', disabled: ended || done,
      dataset: { action: status }, onclick: ev => advance(inc, status, ev.currentTarget),
    }, `${done ? '✓ ' : ''}${zh} ${en}`);
  }));
  return el('li', { class: `dispatch-card ${inc.severity} ${ended ? 'ended' : ''}`, dataset: { incidentId: inc.id, status: d.status } },
    el('div', { class: 'meta' }, severityBadge(inc.severity), statusBadge(d.status), el('span', {}, `派遣 ${time(d.dispatchedAt)}`)),
    el('div', { class: 'title' }, bi(inc.titleZh, inc.title)),
    target ? el('div', { class: 'where' },
      lkp ? '最后位置 Last known: ' : '位置 Location: ',
      el('a', { href: `geo:${target.lat},${target.lon}` }, `${(+target.lat).toFixed(5)}, ${(+target.lon).toFixed(5)}`),
      fromHere(target),
      lkp && lkp.ts ? el('div', { class: 'small muted' }, `${time(lkp.ts)}${lkp.accuracyM ? ' ± ' + Math.round(lkp.accuracyM) + ' m' : ''}`) : null,
      trail ? el('div', { class: 'small muted' }, `最近步道 Nearest trail: ${nameOf(trail)} (${distance(trail.distanceM)})`) : null) : null,
    rec ? el('div', { class: 'note' }, bi(rec.actionZh, rec.action)) : null,
    d.ackDueAt && d.status === 'DISPATCHED' ? el('div', { class: 'small', style: 'color:#c1121f;margin-top:4px' }, `请在 ${time(d.ackDueAt)} 前确认 Acknowledge before ${time(d.ackDueAt)}`) : null,
    ended ? null : steps);
}

/** " · 3.2 km from me" (my last shared position), else from the team's base. */
function fromHere(target) {
  if (state.myPosition) return ` · 距我 ${distance(haversineM(state.myPosition.lat, state.myPosition.lon, target.lat, target.lon))} from me`;
  const base = state.team && state.team.base;
  if (base && typeof base.lat === 'number') return ` · 距驻地 ${distance(haversineM(base.lat, base.lon, target.lat, target.lon))} from base`;
  return '';
}

async function advance(inc, status, button) {
  state.busy = true;
  button.disabled = true;
  try {
    const view = await store.changeDispatchStatus(api, inc.id, teamId(), status);
    // The answer is the changed incident: show it now (lists catch up a moment later).
    if (view && view.id === inc.id) state.incidents = state.incidents.map(i => (i.id === inc.id ? { ...i, ...view } : i));
    showMessage(`已更新 Updated: ${status}`, 'info');
  } catch (e) {
    showError(e, '更新状态 Updating the status');
  } finally {
    state.busy = false;
    await loadDispatches();
    settleSoon();
  }
}

// --- position ----------------------------------------------------------------------------------

async function sendPosition(fix) {
  try {
    await store.postLocation(api, teamId(), fix);
    state.myPosition = { lat: fix.lat, lon: fix.lon };
    $('position-status').textContent = `已发送 Sent ${fix.lat.toFixed(5)}, ${fix.lon.toFixed(5)}${fix.accuracyM ? ' ± ' + Math.round(fix.accuracyM) + ' m' : ''} · ${time(fix.ts)}`;
    showMessage('位置已共享 Position shared', 'info');
    render();
  } catch (e) {
    showError(e, '发送位置 Sending the position');
  }
}

$('share-gps').addEventListener('click', () => {
  if (!navigator.geolocation) {
    showError(new Error('此浏览器不能定位，请手动输入 This browser cannot locate; enter the position by hand'));
    $('manual-position').open = true;
    return;
  }
  $('position-status').textContent = '定位中 Locating…';
  navigator.geolocation.getCurrentPosition(
    p => sendPosition({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: p.coords.accuracy, ts: new Date(p.timestamp).toISOString() }),
    err => {
      $('position-status').textContent = '';
      showError(new Error(`定位失败，请手动输入 Could not locate (${err.message || err.code}); enter the position by hand`));
      $('manual-position').open = true;
    },
    { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });
});

$('manual-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const lat = Number($('manual-lat').value.trim());
  const lon = Number($('manual-lon').value.trim());
  if ($('manual-lat').value.trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    showError(new Error('纬度须在 −90 到 90 之间 Latitude must be a number between −90 and 90'));
    return;
  }
  if ($('manual-lon').value.trim() === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    showError(new Error('经度须在 −180 到 180 之间 Longitude must be a number between −180 and 180'));
    return;
  }
  sendPosition({ lat, lon, ts: new Date().toISOString() });
});

setInterval(() => { if (api.loggedIn && page.stream) reloadSoon(); }, 60000);
const page = runPage(api, { load, onEvent: onLiveEvent });
