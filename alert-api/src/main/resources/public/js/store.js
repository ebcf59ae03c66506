// The API's endpoints as the pages use them (docs/api.md), in one place: paths, paging and the shapes
// of answers and live events.

const PAGE = 200;

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function itemsOf(body) {
  if (Array.isArray(body)) return body;
  return (body && body.items) || [];
}

/** Alerts matching the filters (scenario, ruleId, severity, since, ...), newest pages first. */
export async function fetchAlerts(api, filters, max = 1000) {
  const out = [];
  for (let from = 0; from < max; from += PAGE) {
    const body = await api.get(`/api/alerts${query({ ...filters, from, size: PAGE })}`);
    const items = itemsOf(body);
    out.push(...items);
    if (items.length < PAGE || (body && typeof body.total === 'number' && out.length >= body.total)) break;
  }
  return out;
}

export async function fetchIncidents(api, filters, max = 1000) {
  const out = [];
  for (let from = 0; from < max; from += PAGE) {
    const body = await api.get(`/api/incidents${query({ ...filters, from, size: PAGE })}`);
    const items = itemsOf(body);
    out.push(...items);
    if (items.length < PAGE || (body && typeof body.total === 'number' && out.length >= body.total)) break;
  }
  return out;
}

/**
 * One incident with its alerts: {incident, alerts}. Alerts the answer does not embed are taken from
 * knownAlerts (a Map by id) or fetched one by one.
 */
export async function fetchIncident(api, id, knownAlerts = new Map()) {
  const body = await api.get(`/api/incidents/${encodeURIComponent(id)}`);
  const incident = body.incident || body;
  let alerts = body.alerts || incident.alerts || null;
  if (!alerts && (incident.alertIds || []).length) {
    alerts = [];
    for (const aid of incident.alertIds || []) {
      let a = knownAlerts.get(aid);
      if (!a) {
        a = await api.get(`/api/alerts/${encodeURIComponent(aid)}`);
        knownAlerts.set(aid, a);
      }
      alerts.push(a);
    }
  }
  alerts = (alerts || []).slice().sort(newestFirst);
  return { incident, alerts };
}

export async function fetchTeams(api) {
  return itemsOf(await api.get('/api/teams'));
}

export function dispatch(api, incidentId, teamIds) {
  return api.post(`/api/incidents/${encodeURIComponent(incidentId)}/dispatch`, { teamIds });
}

/** The command centre closes an incident: RESOLVED or FALSE_ALARM. */
export function changeIncidentStatus(api, incidentId, status, note) {
  return api.post(`/api/incidents/${encodeURIComponent(incidentId)}/status`, { status, note });
}

/** A team reports its progress on its dispatch: ACKNOWLEDGED, EN_ROUTE, ON_SCENE, RESOLVED. */
export function changeDispatchStatus(api, incidentId, teamId, status) {
  return api.post(`/api/incidents/${encodeURIComponent(incidentId)}/dispatches/${encodeURIComponent(teamId)}/status`, { status });
}

/** One page of alerts or incidents as the server filtered, sorted and paged it: {items, total, url}. */
export async function fetchPage(api, what, params) {
  const url = `/api/${what}${query(params)}`;
  const body = await api.get(url);
  return { items: itemsOf(body), total: body && typeof body.total === 'number' ? body.total : itemsOf(body).length, url };
}

/** The last position of each tracked device (COMMAND, ADMIN). */
export async function fetchDevices(api) {
  return itemsOf(await api.get('/api/devices'));
}

/** A sensor's readings from ≤ ts < to: {readings: [{ts, value}], unit, truncated}. */
export function fetchReadings(api, sensorId, from, to) {
  return api.get(`/api/sensors/${encodeURIComponent(sensorId)}/readings${query({ from, to })}`);
}

/** An incident's search area as of now: {asOf, lastKnownPosition, elapsedMinutes, uncertaintyM, growing, area}. */
export function fetchSearchArea(api, incidentId) {
  return api.get(`/api/incidents/${encodeURIComponent(incidentId)}/search-area`);
}

/** An operator acknowledges the incident's alerts so far. */
export function acknowledge(api, incidentId) {
  return api.post(`/api/incidents/${encodeURIComponent(incidentId)}/seen`, {});
}

export function postLocation(api, teamId, fix) {
  return api.post(`/api/teams/${encodeURIComponent(teamId)}/location`, fix);
}

function isAlert(x) { return x && typeof x === 'object' && typeof x.ruleId === 'string' && typeof x.id === 'string'; }

function position(c) {
  const l = c.location && typeof c.location.lat === 'number' ? c.location : c;
  return typeof l.lat === 'number' && typeof l.lon === 'number'
    ? { teamId: c.teamId, lat: l.lat, lon: l.lon, ts: c.ts || null, accuracyM: c.accuracyM ?? null }
    : null;
}

/**
 * Sorts out what a live event says. The API names its events alert, incident, dispatch, team,
 * device and reading (plus ping) and sends summaries: {action, alertId|incidentId|teamId|deviceId|sensorId, ...}.
 * Returns {alertId, alert (summary shaped like an alert), incidentId, teamPosition, device, reading, other}.
 */
export function classify(type, data) {
  const out = { alertId: null, alert: null, incidentId: null, teamPosition: null, device: null, reading: null, other: false };
  if (type === 'ping' || !data || typeof data !== 'object') return out;
  const kind = data.type || type;
  if (kind === 'alert' || isAlert(data)) {
    out.alertId = data.alertId || data.id;
    out.incidentId = data.incidentId || null;
    out.alert = { ...data, id: out.alertId, type: undefined };
  } else if (kind === 'device') {
    out.device = typeof data.lat === 'number' ? data : null;
  } else if (kind === 'reading') {
    out.reading = typeof data.value === 'number' ? data : null;
  } else if (kind === 'team') {
    out.teamPosition = position(data);
    out.other = !out.teamPosition;
  } else {
    // incident and dispatch changes, and anything newer than this page: refetch what is shown.
    out.incidentId = data.incidentId || null;
    out.other = true;
  }
  return out;
}

/**
 * Elasticsearch makes a change searchable about a second after it is stored, while reads by id see
 * it at once: lists fetched right after a change may be older than what the page already holds.
 */
export const SEARCH_REFRESH_MS = 1500;

/** Merges a fetched list into what the page holds, keeping the later version of each incident. */
export function mergeNewer(held, fetched) {
  const out = new Map();
  for (const f of fetched) {
    const h = held.get(f.id);
    out.set(f.id, h && ms(h.updatedAt) > ms(f.updatedAt) ? { ...f, ...h } : { ...h, ...f });
  }
  return out;
}

function ms(x) { const t = Date.parse(x || ''); return Number.isNaN(t) ? 0 : t; }

/** Newest event time first; detection time breaks ties. */
export function newestFirst(a, b) {
  return (ms(b.eventTime) - ms(a.eventTime)) || (ms(b.detectedAt) - ms(a.detectedAt)) || String(a.id).localeCompare(String(b.id));
}

/** Open incidents before closed ones, then the most recent activity first. */
export function incidentOrder(a, b) {
  return ((b.open ? 1 : 0) - (a.open ? 1 : 0)) || (ms(b.lastAlertAt || b.updatedAt) - ms(a.lastAlertAt || a.updatedAt));
}
