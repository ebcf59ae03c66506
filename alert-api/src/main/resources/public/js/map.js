// Maps of the pages: the world's GeoJSON drawn with Leaflet (global L, bundled WebJar) on a plain
// background (no tile layer: control rooms are offline), team and device markers clustered with
// Leaflet.markercluster (bundled too), an incident's search rings, last known position, track and
// its playback.
import { el, minutes, nameOf, ROLE, roleInitial, roleLabel, time } from './format.js';
import { t } from './i18n.js';

const L = window.L;

/** Escapes text for Leaflet tooltips, which take HTML. */
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Flattens whatever /api/world answers (one FeatureCollection, or several) into features. */
export function worldFeatures(world) {
  if (!world) return [];
  if (Array.isArray(world)) return world.flatMap(worldFeatures);
  if (world.type === 'FeatureCollection') return world.features || [];
  if (world.type === 'Feature') return [world];
  if (typeof world === 'object') return Object.values(world).flatMap(v => (v && typeof v === 'object' ? worldFeatures(v) : []));
  return [];
}

export const AREA_STYLE = {
  MOUNTAIN_AREA: { color: '#3a7d44', weight: 1.5, fillColor: '#9fd49f', fillOpacity: 0.35 },
  HAZARD: { color: '#b23a48', weight: 1, fillColor: '#e5989b', fillOpacity: 0.35, dashArray: '3 3' },
  COVERAGE_GAP: { color: '#555', weight: 1, fillColor: '#9e9e9e', fillOpacity: 0.3, dashArray: '6 4' },
  INDUSTRIAL_PARK: { color: '#6d597a', weight: 2, fillColor: '#e0d4ea', fillOpacity: 0.35 },
  PLANT: { color: '#6d597a', weight: 1, fillColor: '#b8a9c9', fillOpacity: 0.6 },
  CREEK_RESERVOIR: { color: '#1d70b8', weight: 1, fillColor: '#8ecae6', fillOpacity: 0.6 },
};
export const LINE_STYLE = {
  TRAIL: { color: '#8d5524', weight: 2.5, dashArray: '6 4' },
  PIPE: { color: '#0077b6', weight: 2 },
  CREEK: { color: '#1d70b8', weight: 5, opacity: 0.7 },
};
export const POINT_STYLE = {
  TRAILHEAD: { radius: 5, color: '#8d5524', fillColor: '#fff', fillOpacity: 1, weight: 2 },
  PLACE: { radius: 4, color: '#333', fillColor: '#333', fillOpacity: 1, weight: 1 },
  TANK: { radius: 6, color: '#023e8a', fillColor: '#48cae4', fillOpacity: 1, weight: 2 },
  SLUICE: { radius: 7, color: '#000', fillColor: '#ffb703', fillOpacity: 1, weight: 2 },
  WATER_QUALITY_STATION: { radius: 6, color: '#1b4332', fillColor: '#95d5b2', fillOpacity: 1, weight: 2 },
};
// Drawn bottom to top so that small things stay clickable above large areas.
export const ORDER = ['MOUNTAIN_AREA', 'INDUSTRIAL_PARK', 'COVERAGE_GAP', 'HAZARD', 'CREEK_RESERVOIR', 'PLANT', 'CREEK',
  'TRAIL', 'PIPE', 'PLACE', 'TRAILHEAD', 'TANK', 'WATER_QUALITY_STATION', 'SLUICE'];

export function tooltipOf(p) {
  const extra = [];
  if (p.capacityM3) extra.push(`${p.capacityM3} m³`);
  if (p.maxFlowM3h) extra.push(`≤ ${p.maxFlowM3h} m³/h`);
  if (p.corridorM) extra.push(t('map.corridor', { m: p.corridorM }));
  if (p.gateRampCm) extra.push(t('map.ramp', { cm: p.gateRampCm }));
  return `${esc(nameOf(p) || p.id)}<br><span style="color:#666">${esc(t(`feature.${p.type}`))}${extra.length ? ' · ' + esc(extra.join(' · ')) : ''}</span>`;
}

/** Leaflet icon of a team: role initial in a coloured disc. */
export function teamIcon(role, dispatched) {
  return L.divIcon({
    className: '',
    html: `<div class="team-icon${dispatched ? ' dispatched' : ''}" style="background:${ROLE[role] || '#555'}">${esc(roleInitial(role))}</div>`,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
  });
}

/** A new Leaflet map on the plain background, at the given view. */
export function plainMap(container, center, zoom, opts = {}) {
  const map = L.map(container, { zoomControl: true, attributionControl: false, minZoom: 8, maxZoom: 18, ...opts });
  map.setView(center, zoom);
  return map;
}

/** Draws world features on a map; returns the layer. onEach(feature, layer) is called for each. */
export function drawFeatures(map, features, onEach) {
  const drawable = features.filter(f => f && f.geometry && f.properties && ORDER.includes(f.properties.type));
  drawable.sort((a, b) => ORDER.indexOf(a.properties.type) - ORDER.indexOf(b.properties.type));
  return L.geoJSON(drawable, {
    // The classes name the feature for tests and styles (Leaflet puts them on the SVG path).
    style: f => ({ ...(AREA_STYLE[f.properties.type] || LINE_STYLE[f.properties.type] || {}),
      className: `world-feature world-${f.properties.type} world-id-${f.properties.id}` }),
    pointToLayer: (f, latlng) => L.circleMarker(latlng, POINT_STYLE[f.properties.type] || { radius: 4 }),
    onEachFeature: (f, l) => {
      l.bindTooltip(tooltipOf(f.properties), { sticky: f.geometry.type !== 'Point' });
      if (onEach) onEach(f, l);
    },
  }).addTo(map);
}

/** How old a position may be and still count as live on the map. */
const FRESH_MS = 10 * 60 * 1000;

/**
 * The dashboard's map: world layers, team and device markers (clustered), and an overlay for the
 * selected incident (search rings as of now, last known position, last track and its playback).
 */
export class WorldMap {
  constructor(container) {
    this.map = plainMap(container, [29.05, 119.75], 10);
    this.byScenario = {};
    // One cluster group for teams and devices: a crowded trailhead stays one readable marker.
    this.markers = L.markerClusterGroup({ maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false,
      disableClusteringAtZoom: 16 });
    this.map.addLayer(this.markers);
    this.teamMarkers = new Map();
    this.deviceMarkers = new Map();
    this.incidentLayer = L.layerGroup().addTo(this.map);
    this.playback = null;
  }

  /**
   * Draws the world, in place of the one drawn before (the live world changed); returns the bounds
   * of each scenario's features.
   *
   * @param fit whether to fit the map to the world (the first drawing; a redraw keeps the view)
   */
  drawWorld(world, fit = true) {
    if (this.worldLayer) this.map.removeLayer(this.worldLayer);
    this.byScenario = {};
    const features = worldFeatures(world).filter(f => f && f.geometry && f.properties);
    const layer = drawFeatures(this.map, features, (f, l) => {
      const sc = f.properties.scenario || 'OTHER';
      (this.byScenario[sc] = this.byScenario[sc] || L.latLngBounds([])).extend(l.getBounds ? l.getBounds() : l.getLatLng());
    });
    this.worldLayer = layer;
    if (fit && layer.getLayers().length) this.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    this.teamsByHome = new Map(features.filter(f => f.properties.type === 'TEAM').map(f => [f.properties.id, f]));
    return this.byScenario;
  }

  /** Zooms to one scenario's part of the world (LOST_PERSON or WASTEWATER). */
  focusScenario(scenario) {
    const b = this.byScenario[scenario];
    if (b && b.isValid()) this.map.fitBounds(b, { padding: [20, 20] });
  }

  /** The map's view as a near= filter: its centre and the radius to its farthest corner, in metres. */
  viewAsNear() {
    const b = this.map.getBounds();
    const c = b.getCenter();
    const r = Math.max(100, Math.round(this.map.distance(c, b.getNorthEast())));
    return `${c.lat.toFixed(5)},${c.lng.toFixed(5)},${Math.min(r, 1000000)}`;
  }

  /**
   * Places team markers. teams: [{id, name, nameZh, role, lastPosition|position|base, ...}];
   * dispatchedIds: teams currently dispatched (ringed).
   */
  setTeams(teams, dispatchedIds = new Set()) {
    const seen = new Set();
    for (const tm of teams || []) {
      const pos = teamPosition(tm) || homeOf(this.teamsByHome, tm.id);
      if (!pos) continue;
      seen.add(tm.id);
      const latlng = [pos.lat, pos.lon];
      const dispatched = dispatchedIds.has(tm.id);
      let m = this.teamMarkers.get(tm.id);
      const label = `${esc(nameOf(tm))}<br><span style="color:#666">${esc(roleLabel(tm.role))} · ${esc(pos.ts ? time(pos.ts) : t('map.homeBase'))}</span>`;
      if (!m) {
        m = L.marker(latlng, { icon: teamIcon(tm.role, dispatched), zIndexOffset: 500, keyboard: true, title: nameOf(tm) });
        m.bindTooltip(label);
        this.markers.addLayer(m);
        this.teamMarkers.set(tm.id, m);
      } else {
        m.setLatLng(latlng);
        m.setIcon(teamIcon(tm.role, dispatched));
        m.setTooltipContent(label);
      }
    }
    for (const [id, m] of this.teamMarkers) {
      if (!seen.has(id)) {
        this.markers.removeLayer(m);
        this.teamMarkers.delete(id);
      }
    }
  }

  /** Places or moves a tracked device: {deviceId, lat, lon, ts, accuracyM, batteryPct, source}. */
  setDevice(d) {
    const latlng = [d.lat, d.lon];
    const stale = Date.now() - Date.parse(d.ts || '') > FRESH_MS;
    const icon = L.divIcon({ className: '', html: `<div class="device-dot${stale ? ' stale' : ''}" data-device-id="${esc(d.deviceId)}"></div>`,
      iconSize: [14, 14], iconAnchor: [7, 7] });
    const label = `${esc(d.deviceId)}<br><span style="color:#666">${esc(time(d.ts))}${d.accuracyM != null ? ' ± ' + Math.round(d.accuracyM) + ' m' : ''}`
      + `${d.source ? ' · ' + esc(d.source) : ''}${d.batteryPct != null ? ' · ' + esc(t('map.battery', { pct: d.batteryPct })) : ''}</span>`;
    let m = this.deviceMarkers.get(d.deviceId);
    if (m) {
      // The cluster group places a marker when it is added: a moved one is taken out and put back.
      this.markers.removeLayer(m);
      m.setLatLng(latlng);
      m.setIcon(icon);
      m.setTooltipContent(label);
    } else {
      m = L.marker(latlng, { icon, keyboard: true, title: d.deviceId }).bindTooltip(label);
      this.deviceMarkers.set(d.deviceId, m);
    }
    this.markers.addLayer(m);
    return m;
  }

  /** Removes every device marker (a role that may not see devices, or a logout). */
  clearDevices() {
    for (const m of this.deviceMarkers.values()) this.markers.removeLayer(m);
    this.deviceMarkers.clear();
  }

  /**
   * Draws one incident: the search area as of now (from /api/incidents/{id}/search-area, or the
   * alert's own when the API has none), the last known position, the last track and the alerts.
   */
  showIncident(alerts, searchArea, fit = true) {
    this.stopPlayback();
    this.incidentLayer.clearLayers();
    const bounds = L.latLngBounds([]);
    const area = searchArea ? searchArea.area : (alerts.find(a => a.searchArea) || {}).searchArea;
    if (area) {
      const rings = worldFeatures(area)
        .filter(f => f.properties && f.properties.kind === 'SEARCH_RING')
        .sort((a, b) => (b.properties.percentile || 0) - (a.properties.percentile || 0));
      const age = searchArea ? t('map.ringsAge', { at: time(searchArea.asOf), elapsed: minutes(searchArea.elapsedMinutes) }) : '';
      for (const f of rings) {
        const pct = f.properties.percentile;
        const g = L.geoJSON(f, {
          style: { color: '#c1121f', weight: pct >= 95 ? 1 : 2, fillColor: '#c1121f', fillOpacity: 0.07, dashArray: pct >= 95 ? '2 4' : '6 3', className: 'search-ring' },
        }).bindTooltip(`${esc(t('map.ring', { pct, km: Math.round((f.properties.radiusM || 0) / 100) / 10 }))}${age ? '<br>' + esc(age) : ''}`, { sticky: true });
        g.addTo(this.incidentLayer);
        bounds.extend(g.getBounds());
      }
    }
    const track = trackOf(alerts);
    this.track = track;
    if (track.length > 1) {
      L.polyline(track.map(p => [p.lat, p.lon]), { color: '#14213d', weight: 3, opacity: 0.9 })
        .bindTooltip(esc(t('map.lastTrack'))).addTo(this.incidentLayer);
    }
    for (const p of track) {
      L.circleMarker([p.lat, p.lon], { radius: 3, color: '#14213d', fillColor: '#fff', fillOpacity: 1, weight: 1.5 })
        .bindTooltip(`${esc(time(p.ts))}${p.accuracyM ? ' ± ' + Math.round(p.accuracyM) + ' m' : ''}`).addTo(this.incidentLayer);
      bounds.extend([p.lat, p.lon]);
    }
    const lkp = searchArea ? searchArea.lastKnownPosition : (alerts.find(a => a.lastKnownPosition) || {}).lastKnownPosition;
    if (lkp) {
      L.circleMarker([lkp.lat, lkp.lon], { radius: 9, color: '#fff', fillColor: '#c1121f', fillOpacity: 1, weight: 3 })
        .bindTooltip(`${esc(t('map.lastKnown'))}<br>${esc(time(lkp.ts))}${lkp.accuracyM ? ' ± ' + Math.round(lkp.accuracyM) + ' m' : ''} ${esc(lkp.source || '')}`)
        .addTo(this.incidentLayer);
      bounds.extend([lkp.lat, lkp.lon]);
    }
    for (const a of alerts) {
      if (!a.location) continue;
      L.circleMarker([a.location.lat, a.location.lon], { radius: 6, color: '#000', fillColor: '#ffd400', fillOpacity: 0.9, weight: 1.5 })
        .bindTooltip(`${esc(a.titleZh && document.documentElement.lang === 'zh-CN' ? a.titleZh : (a.title || a.titleZh))}<br>${esc(time(a.eventTime))}`)
        .addTo(this.incidentLayer);
      bounds.extend([a.location.lat, a.location.lon]);
    }
    if (fit && bounds.isValid()) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
  }

  /**
   * Plays the incident's track back: a marker walks the fixes in time order, one step per
   * {@code stepMs}; onStep(index, point) after each. Returns a handle with stop() and seek(i).
   */
  playTrack(onStep, stepMs = 700) {
    this.stopPlayback();
    const track = this.track || [];
    if (!track.length) return null;
    const marker = L.circleMarker([track[0].lat, track[0].lon], { radius: 8, color: '#fff', weight: 3, fillColor: '#ff7b00', fillOpacity: 1,
      className: 'playback-marker' }).addTo(this.incidentLayer);
    let i = 0;
    const show = k => {
      i = Math.max(0, Math.min(track.length - 1, k));
      marker.setLatLng([track[i].lat, track[i].lon]);
      onStep(i, track[i]);
    };
    show(0);
    const timer = setInterval(() => {
      if (i >= track.length - 1) {
        clearInterval(timer);
        return;
      }
      show(i + 1);
    }, stepMs);
    this.playback = { stop: () => { clearInterval(timer); this.incidentLayer.removeLayer(marker); }, seek: k => { clearInterval(timer); show(k); }, length: track.length };
    return this.playback;
  }

  stopPlayback() {
    if (this.playback) this.playback.stop();
    this.playback = null;
  }

  clearIncident() { this.stopPlayback(); this.incidentLayer.clearLayers(); }

  /** Leaflet needs to re-measure after its container changes size. */
  resize() { this.map.invalidateSize(); }
}

function num(x) { return typeof x === 'number' && Number.isFinite(x) ? x : (typeof x === 'string' && x.trim() !== '' && Number.isFinite(+x) ? +x : null); }

/** A team's reported position from the shapes the API may use. */
export function teamPosition(tm) {
  if (!tm) return null;
  for (const c of [tm.lastPosition, tm.position, tm.currentPosition]) {
    if (!c) continue;
    const l = c.location && typeof c.location === 'object' ? c.location : c;
    const lat = num(l.lat), lon = num(l.lon);
    if (lat !== null && lon !== null) return { lat, lon, ts: c.ts || null };
  }
  const b = tm.base || tm.location;
  if (b && num(b.lat) !== null && num(b.lon) !== null) return { lat: num(b.lat), lon: num(b.lon), ts: null };
  return null;
}

function homeOf(teamsByHome, id) {
  const f = teamsByHome && teamsByHome.get(id);
  if (!f || !f.geometry || f.geometry.type !== 'Point') return null;
  return { lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0], ts: null };
}

/** The positions found in the alerts' evidence (location fixes and calls), oldest first, unique. */
export function trackOf(alerts) {
  const seen = new Set();
  const pts = [];
  for (const a of alerts) {
    for (const e of a.evidence || []) {
      const v = e.value;
      if (!v || typeof v !== 'object') continue;
      const lat = num(v.lat), lon = num(v.lon);
      if (lat === null || lon === null) continue;
      const k = `${e.ts}|${lat}|${lon}`;
      if (seen.has(k)) continue;
      seen.add(k);
      pts.push({ lat, lon, ts: e.ts, accuracyM: num(v.accuracyM), topic: e.topic });
    }
  }
  pts.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  return pts;
}

/** A small legend control listing what the map colours mean. */
export function legend(items) {
  const c = L.control({ position: 'bottomleft' });
  c.onAdd = () => {
    const box = el('div', { class: 'leaflet-bar map-legend' });
    const sw = (style, key) => el('div', {}, el('span', { class: 'swatch', style }), t(key));
    box.append(...(items || LEGEND).map(([style, key]) => sw(style, key)));
    return box;
  };
  return c;
}

export const LEGEND = [
  ['background:#9fd49f;border:1px solid #3a7d44', 'feature.MOUNTAIN_AREA'],
  ['background:#e5989b', 'feature.HAZARD'],
  ['background:#9e9e9e', 'feature.COVERAGE_GAP'],
  ['border-top:3px dashed #8d5524;height:0', 'feature.TRAIL'],
  ['background:#d00000;border-radius:50%', 'legend.device'],
  ['background:#b8a9c9', 'feature.PLANT'],
  ['background:#48cae4;border-radius:50%', 'feature.TANK'],
  ['border-top:3px solid #0077b6;height:0', 'feature.PIPE'],
  ['background:#ffb703;border-radius:50%;border:1px solid #000', 'feature.SLUICE'],
  ['background:#95d5b2;border-radius:50%', 'feature.WATER_QUALITY_STATION'],
  ['border:2px dashed #c1121f', 'legend.searchRing'],
];
