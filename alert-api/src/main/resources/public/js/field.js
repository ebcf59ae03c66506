// Field-team page (phone): my dispatches, acknowledge / en route / on scene / done, the selected
// dispatch on a small map with the last known position and the search rings, a notification on a
// new dispatch, and my position: shared continuously while on duty (watchPosition, throttled, gentler
// on a low battery), once, or typed in when the browser cannot locate.
import { Api, runPage, showError, showMessage } from './api.js';
import * as store from './store.js';
import * as alarm from './alarm.js';
import { debounce, distance, el, haversineM, keyedList, nameOf, roleLabel, severityBadge, statusBadge, time } from './format.js';
import { esc, plainMap, worldFeatures } from './map.js';
import { action, name, t, title } from './i18n.js';

const api = new Api('field');
const STEPS = ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED'];
const ORDER = ['DISPATCHED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED', 'FALSE_ALARM'];
/** Sharing on duty: at most one report per MIN_GAP_MS, and one at least every MAX_GAP_MS even when still. */
const SHARE = { minGapMs: 15000, maxGapMs: 120000, minMoveM: 25 };
/** On a low battery (below 20 %, not charging): fewer reports and no high-accuracy fix. */
const SHARE_LOW_BATTERY = { minGapMs: 60000, maxGapMs: 300000, minMoveM: 100 };
const state = {
  team: null, incidents: [], details: new Map(), myPosition: null, busy: false, mapIncidentId: null, announced: null,
  duty: { watchId: null, lastSent: null, sent: 0, lowBattery: false },
};
const cardNodes = new Map();
const $ = id => document.getElementById(id);
let dispatchMap = null;
let mapLayer = null;

function teamId() { return api.username; }
function dutyKey() { return `risk.field.duty.${teamId()}`; }

/** What the page loads once signed in; the live stream opens after it. */
async function load() {
  alarm.unlock();
  $('team-name').textContent = teamId();
  loadTeam();
  await loadDispatches();
  if (localStorage.getItem(dutyKey()) === 'true') startDuty();
}

async function loadTeam() {
  try {
    const team = (await store.fetchTeams(api)).find(x => x.id === teamId());
    if (!team) return;
    state.team = team;
    $('team-name').textContent = name(team);
    $('team-meta').textContent = `${team.id} · ${roleLabel(team.role)}${team.persons ? ' · ' + t('field.persons', { n: team.persons }) : ''}`;
    const p = team.lastPosition || team.position;
    if (p && typeof p.lat === 'number' && !state.myPosition) state.myPosition = { lat: p.lat, lon: p.lon };
  } catch (e) {
    showError(e, t('load.team'));
  }
}

function myDispatch(inc) {
  return (inc.dispatches || []).find(d => d.teamId === teamId()) || null;
}

function active(inc) {
  const d = myDispatch(inc);
  return inc.open && d && !['RESOLVED', 'FALSE_ALARM'].includes(d.status);
}

async function loadDispatches() {
  try {
    const items = await store.fetchIncidents(api, {});
    const held = new Map(state.incidents.map(i => [i.id, i]));
    state.incidents = [...store.mergeNewer(held, items).values()].filter(myDispatch);
    announceUnseen();
    await Promise.all(state.incidents.filter(i => i.open).map(async i => {
      try {
        const detail = await store.fetchIncident(api, i.id);
        if (detail.incident.scenario === 'LOST_PERSON') {
          try {
            detail.searchArea = await store.fetchSearchArea(api, i.id);
          } catch (e) {
            if (e.status !== 404) throw e;
          }
        }
        state.details.set(i.id, detail);
      } catch (e) {
        showError(e, t('load.dispatch'));
      }
    }));
    render();
    drawDispatchMap();
  } catch (e) {
    showError(e, t('load.dispatches'));
  }
}

// While an action is under way the reload waits for it rather than being dropped.
const reloadSoon = debounce(() => { if (state.busy) reloadSoon(); else loadDispatches(); }, 300);
const settleSoon = debounce(() => { if (!state.busy) loadDispatches(); }, store.SEARCH_REFRESH_MS, store.SEARCH_REFRESH_MS);

function onLiveEvent(type, data) {
  const kind = store.classify(type, data);
  if (kind.teamPosition) return;
  if (type === 'dispatch' && data && data.teamId === teamId() && data.action === 'DISPATCHED') announceDispatch(data);
  reloadSoon();
}

/**
 * New dispatches a reload finds that no live event announced (a phone's stream drops and resumes):
 * announced all the same. Those there when the team signed in are not news.
 */
function announceUnseen() {
  const waiting = state.incidents.filter(i => active(i) && myDispatch(i).status === 'DISPATCHED');
  if (state.announced === null) {
    state.announced = new Set(waiting.map(i => i.id));
    return;
  }
  for (const inc of waiting) announceDispatch({ ...inc, incidentId: inc.id });
}

/** A new dispatch for this team, once: tone, vibration, notification and a line for screen readers. */
function announceDispatch(d) {
  if (state.announced === null) state.announced = new Set();
  if (state.announced.has(d.incidentId)) return;
  state.announced.add(d.incidentId);
  const text = t('field.newDispatch', { title: title(d) });
  alarm.ring('CRITICAL');
  if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
  const shown = alarm.notify(t('field.newDispatchTitle'), title(d), `dispatch-${d.incidentId}`, () => {
    const card = document.querySelector(`#dispatch-list li[data-incident-id='${d.incidentId}']`);
    if (card) card.scrollIntoView({ block: 'center' });
  });
  alarm.announce(text);
  document.body.dataset.lastDispatch = d.incidentId;
  document.body.dataset.dispatchNotified = String(shown);
  showMessage(text, 'info');
}

function render() {
  const list = $('dispatch-list');
  const rank = inc => (active(inc) ? 0 : 1);
  const items = state.incidents.slice().sort((a, b) => (rank(a) - rank(b)) || store.incidentOrder(a, b));
  $('dispatch-count').textContent = t('field.activeCount', { n: items.filter(i => rank(i) === 0).length });
  // Cards that did not change stay the same elements: a live update must not swallow a tap.
  keyedList(list, cardNodes, items.map(inc => {
    const d = myDispatch(inc);
    const detail = state.details.get(inc.id);
    return {
      id: inc.id,
      sig: [inc.status, inc.open, inc.severity, inc.title, d.status, d.ackDueAt, detail ? detail.alerts.length : -1,
        state.myPosition ? `${state.myPosition.lat},${state.myPosition.lon}` : '', state.team ? 1 : 0, state.mapIncidentId === inc.id].join('|'),
      make: () => card(inc),
    };
  }), t('field.noDispatches'));
}

function lastKnownOf(detail) {
  if (!detail) return null;
  if (detail.searchArea) return detail.searchArea.lastKnownPosition;
  return (detail.alerts.find(a => a.lastKnownPosition) || {}).lastKnownPosition || null;
}

function card(inc) {
  const d = myDispatch(inc);
  const detail = state.details.get(inc.id);
  const alerts = detail ? detail.alerts : [];
  const lkp = lastKnownOf(detail);
  const trail = (alerts.find(a => a.nearestTrail) || {}).nearestTrail;
  const rec = (alerts.find(a => a.recommendation && (a.recommendation.actionZh || a.recommendation.action)) || {}).recommendation;
  const target = lkp || inc.location;
  const ended = !active(inc);
  const cur = ORDER.indexOf(d.status);
  const steps = el('div', { class: 'steps' }, ...STEPS.map(status => {
    const done = cur >= ORDER.indexOf(status);
    return el('button', {
      type: 'button', class: done ? 'done' : '', disabled: ended || done, 'aria-pressed': done ? 'true' : 'false',
      dataset: { action: status }, onclick: ev => advance(inc, status, ev.currentTarget),
    }, `${done ? '✓ ' : ''}${t(`field.step.${status}`)}`);
  }));
  return el('li', { class: `dispatch-card ${inc.severity} ${ended ? 'ended' : ''}`, dataset: { incidentId: inc.id, status: d.status } },
    el('div', { class: 'meta' }, severityBadge(inc.severity), statusBadge(d.status), el('span', {}, t('field.dispatchedAt', { at: time(d.dispatchedAt) }))),
    el('div', { class: 'title' }, title(inc)),
    target ? el('div', { class: 'where' },
      lkp ? t('field.lastKnown') : t('field.location'), ' ',
      el('a', { href: `geo:${target.lat},${target.lon}` }, `${(+target.lat).toFixed(5)}, ${(+target.lon).toFixed(5)}`),
      fromHere(target),
      lkp && lkp.ts ? el('div', { class: 'small muted' }, `${time(lkp.ts)}${lkp.accuracyM ? ' ± ' + Math.round(lkp.accuracyM) + ' m' : ''}`) : null,
      trail ? el('div', { class: 'small muted' }, t('field.nearestTrail', { trail: nameOf(trail), d: distance(trail.distanceM) })) : null) : null,
    rec ? el('div', { class: 'note' }, action(rec)) : null,
    d.ackDueAt && d.status === 'DISPATCHED' ? el('div', { class: 'small', style: 'color:#c1121f;margin-top:4px' }, t('field.ackBefore', { at: time(d.ackDueAt) })) : null,
    target ? el('button', { type: 'button', class: 'secondary show-map', 'aria-pressed': state.mapIncidentId === inc.id ? 'true' : 'false',
      onclick: () => { state.mapIncidentId = inc.id; render(); drawDispatchMap(); $('dispatch-map-box').scrollIntoView({ block: 'start' }); } }, t('field.showOnMap')) : null,
    ended ? null : steps);
}

/** " · 3.2 km from me" (my last shared position), else from the team's base. */
function fromHere(target) {
  if (state.myPosition) return ` · ${t('field.fromMe', { d: distance(haversineM(state.myPosition.lat, state.myPosition.lon, target.lat, target.lon)) })}`;
  const base = state.team && state.team.base;
  if (base && typeof base.lat === 'number') return ` · ${t('field.fromBase', { d: distance(haversineM(base.lat, base.lon, target.lat, target.lon)) })}`;
  return '';
}

async function advance(inc, status, button) {
  state.busy = true;
  button.disabled = true;
  try {
    const view = await store.changeDispatchStatus(api, inc.id, teamId(), status);
    // The answer is the changed incident: show it now (lists catch up a moment later).
    if (view && view.id === inc.id) state.incidents = state.incidents.map(i => (i.id === inc.id ? { ...i, ...view } : i));
    showMessage(t('field.updated', { status: t(`field.step.${status}`) }), 'info');
  } catch (e) {
    showError(e, t('field.updating'));
  } finally {
    state.busy = false;
    await loadDispatches();
    settleSoon();
  }
}

// --- the dispatch map ----------------------------------------------------------------------------

/** The selected (else the first active) dispatch: its place, last known position, search rings and me. */
function drawDispatchMap() {
  const inc = state.incidents.find(i => i.id === state.mapIncidentId) || state.incidents.find(active);
  const box = $('dispatch-map-box');
  if (!inc) {
    box.classList.add('hidden');
    return;
  }
  box.classList.remove('hidden');
  state.mapIncidentId = inc.id;
  box.dataset.incidentId = inc.id;
  const L = window.L;
  if (!dispatchMap) {
    dispatchMap = plainMap($('dispatch-map'), [inc.location.lat, inc.location.lon], 13, { minZoom: 6 });
    mapLayer = L.layerGroup().addTo(dispatchMap);
  }
  dispatchMap.invalidateSize();
  mapLayer.clearLayers();
  const detail = state.details.get(inc.id);
  const bounds = L.latLngBounds([]);
  const area = detail && detail.searchArea;
  if (area) {
    for (const f of worldFeatures(area.area).filter(x => x.properties && x.properties.kind === 'SEARCH_RING')
      .sort((a, b) => b.properties.percentile - a.properties.percentile)) {
      const g = L.geoJSON(f, { style: { color: '#c1121f', weight: 1.5, fillColor: '#c1121f', fillOpacity: 0.06, dashArray: '6 3', className: 'search-ring' } })
        .bindTooltip(esc(t('map.ring', { pct: f.properties.percentile, km: Math.round(f.properties.radiusM / 100) / 10 })));
      g.addTo(mapLayer);
      bounds.extend(g.getBounds());
    }
    $('dispatch-map-caption').textContent = t('rings.age', { at: time(area.asOf), elapsed: `${area.elapsedMinutes} min`, uncertainty: area.uncertaintyM });
  } else {
    $('dispatch-map-caption').textContent = title(inc);
  }
  const lkp = lastKnownOf(detail);
  const target = lkp || inc.location;
  L.circleMarker([target.lat, target.lon], { radius: 9, color: '#fff', weight: 3, fillColor: '#c1121f', fillOpacity: 1 })
    .bindTooltip(esc(lkp ? `${t('map.lastKnown')} ${time(lkp.ts)}` : title(inc))).addTo(mapLayer);
  bounds.extend([target.lat, target.lon]);
  if (state.myPosition) {
    L.marker([state.myPosition.lat, state.myPosition.lon], { icon: L.divIcon({ className: '', html: '<div class="me-icon"></div>', iconSize: [14, 14] }) })
      .bindTooltip(esc(t('field.me'))).addTo(mapLayer);
    bounds.extend([state.myPosition.lat, state.myPosition.lon]);
  }
  if (bounds.isValid()) dispatchMap.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
}

// --- position ----------------------------------------------------------------------------------

async function sendPosition(fix, quiet) {
  try {
    await store.postLocation(api, teamId(), fix);
    state.myPosition = { lat: fix.lat, lon: fix.lon };
    state.duty.lastSent = { ...fix, at: Date.now() };
    state.duty.sent++;
    const status = $('position-status');
    status.dataset.sentCount = String(state.duty.sent);
    status.textContent = t('field.sent', { lat: fix.lat.toFixed(5), lon: fix.lon.toFixed(5),
      accuracy: fix.accuracyM ? ' ± ' + Math.round(fix.accuracyM) + ' m' : '', at: time(fix.ts) })
      + (state.duty.watchId !== null ? ' · ' + t('field.sharing', { n: state.duty.sent }) : '');
    if (!quiet) showMessage(t('field.shared'), 'info');
    render();
    drawDispatchMap();
  } catch (e) {
    showError(e, t('field.sending'));
  }
}

function fixOf(p) {
  return { lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: p.coords.accuracy, ts: new Date(p.timestamp).toISOString() };
}

/** Whether an on-duty fix is worth sending: far enough or long enough since the last report. */
function worthSending(fix) {
  const rule = state.duty.lowBattery ? SHARE_LOW_BATTERY : SHARE;
  const last = state.duty.lastSent;
  if (!last) return true;
  const gap = Date.now() - last.at;
  if (gap < rule.minGapMs) return false;
  return gap >= rule.maxGapMs || haversineM(last.lat, last.lon, fix.lat, fix.lon) >= rule.minMoveM;
}

async function watchBattery() {
  if (!navigator.getBattery) return;
  try {
    const b = await navigator.getBattery();
    const update = () => {
      const low = b.level < 0.2 && !b.charging;
      if (low !== state.duty.lowBattery) {
        state.duty.lowBattery = low;
        // The watch's options change with the battery: start it again with the gentler ones.
        if (state.duty.watchId !== null) {
          stopWatch();
          startWatch();
        }
      }
    };
    b.addEventListener('levelchange', update);
    b.addEventListener('chargingchange', update);
    update();
  } catch (ignored) {
    // No battery information: share as usual.
  }
}

function startWatch() {
  const low = state.duty.lowBattery;
  state.duty.watchId = navigator.geolocation.watchPosition(
    p => {
      const fix = fixOf(p);
      if (worthSending(fix)) sendPosition(fix, true);
    },
    err => {
      const text = t('field.locateFailed', { reason: err.message || err.code });
      // Refused permission needs the user; a fix unavailable or late is passing: the watch goes on.
      if (err.code === 1) showError(new Error(text));
      else $('position-status').textContent = text;
    },
    { enableHighAccuracy: !low, maximumAge: low ? 60000 : 10000, timeout: 30000 });
}

function stopWatch() {
  if (state.duty.watchId !== null) navigator.geolocation.clearWatch(state.duty.watchId);
  state.duty.watchId = null;
}

function startDuty() {
  if (!navigator.geolocation) {
    showError(new Error(t('field.cannotLocate')));
    $('manual-position').open = true;
    return;
  }
  localStorage.setItem(dutyKey(), 'true');
  state.duty.lastSent = null;
  startWatch();
  $('duty').setAttribute('aria-pressed', 'true');
  $('duty').textContent = t('field.stopDuty');
  $('position-status').textContent = t('field.locating');
}

function stopDuty() {
  localStorage.setItem(dutyKey(), 'false');
  stopWatch();
  $('duty').setAttribute('aria-pressed', 'false');
  $('duty').textContent = t('field.startDuty');
}

$('duty').addEventListener('click', () => (state.duty.watchId === null ? startDuty() : stopDuty()));

$('share-gps').addEventListener('click', () => {
  if (!navigator.geolocation) {
    showError(new Error(t('field.cannotLocate')));
    $('manual-position').open = true;
    return;
  }
  $('position-status').textContent = t('field.locating');
  navigator.geolocation.getCurrentPosition(
    p => sendPosition(fixOf(p)),
    err => {
      $('position-status').textContent = '';
      showError(new Error(t('field.locateFailed', { reason: err.message || err.code })));
      $('manual-position').open = true;
    },
    { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });
});

$('manual-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const lat = Number($('manual-lat').value.trim());
  const lon = Number($('manual-lon').value.trim());
  if ($('manual-lat').value.trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    showError(new Error(t('field.badLat')));
    return;
  }
  if ($('manual-lon').value.trim() === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    showError(new Error(t('field.badLon')));
    return;
  }
  sendPosition({ lat, lon, ts: new Date().toISOString() });
});

$('login-button').addEventListener('click', () => alarm.unlock());
$('logout').addEventListener('click', stopDuty);
watchBattery();
// A missed live event costs at most this long.
setInterval(() => { if (api.loggedIn && page.stream) reloadSoon(); }, 15000);
const page = runPage(api, { load, onEvent: onLiveEvent });
