// The world map: the world's GeoJSON drawn with Leaflet (global L, bundled WebJar) on a plain
// background. No tile layer: control rooms are offline.
import { el, nameOf, ROLE, roleLabel, time } from './format.js';

const L = window.L;

/** Flattens whatever /api/world answers (one FeatureCollection, or several) into features. */
export function worldFeatures(world) {
  if (!world) return [];
  if (Array.isArray(world)) return world.flatMap(worldFeatures);
  if (world.type === 'FeatureCollection') return world.features || [];
  if (world.type === 'Feature') return [world];
  if (typeof world === 'object') return Object.values(world).flatMap(v => (v && typeof v === 'object' ? worldFeatures(v) : []));
  return [];
}

const AREA_STYLE = {
  MOUNTAIN_AREA: { color: '#3a7d44', weight: 1.5, fillColor: '#9fd49f', fillOpacity: 0.35 },
  HAZARD: { color: '#b23a48', weight: 1, fillColor: '#e5989b', fillOpacity: 0.35, dashArray: '3 3' },
  COVERAGE_GAP: { color: '#555', weight: 1, fillColor: '#9e9e9e', fillOpacity: 0.3, dashArray: '6 4' },
  INDUSTRIAL_PARK: { color: '#6d597a', weight: 2, fillColor: '#e0d4ea', fillOpacity: 0.35 },
  PLANT: { color: '#6d597a', weight: 1, fillColor: '#b8a9c9', fillOpacity: 0.6 },
  CREEK_RESERVOIR: { color: '#1d70b8', weight: 1, fillColor: '#8ecae6', fillOpacity: 0.6 },
};
const LINE_STYLE = {
  TRAIL: { color: '#8d5524', weight: 2.5, dashArray: '6 4' },
  PIPE: { color: '#0077b6', weight: 2 },
  CREEK: { color: '#1d70b8', weight: 5, opacity: 0.7 },
};
const POINT_STYLE = {
  TRAILHEAD: { radius: 5, color: '#8d5524', fillColor: '#fff', fillOpacity: 1, weight: 2 },
  PLACE: { radius: 4, color: '#333', fillColor: '#333', fillOpacity: 1, weight: 1 },
  TANK: { radius: 6, color: '#023e8a', fillColor: '#48cae4', fillOpacity: 1, weight: 2 },
  SLUICE: { radius: 7, color: '#000', fillColor: '#ffb703', fillOpacity: 1, weight: 2 },
  WATER_QUALITY_STATION: { radius: 6, color: '#1b4332', fillColor: '#95d5b2', fillOpacity: 1, weight: 2 },
};
const TYPE_LABEL = {
  MOUNTAIN_AREA: '巡防区 Patrol area', HAZARD: '危险区 Hazard', COVERAGE_GAP: '信号盲区 No coverage',
  TRAIL: '步道 Trail', TRAILHEAD: '登山口 Trailhead', PLACE: '地点 Place', INDUSTRIAL_PARK: '园区 Park',
  PLANT: '企业 Plant', TANK: '应急池 Emergency pool', PIPE: '互连管 Interconnecting pipe',
  CREEK: '溪流 Creek', CREEK_RESERVOIR: '闸坝河段 Creek holding reach', SLUICE: '闸门 Sluice',
  WATER_QUALITY_STATION: '水质站 Water-quality station',
};
// Drawn bottom to top so that small things stay clickable above large areas.
const ORDER = ['MOUNTAIN_AREA', 'INDUSTRIAL_PARK', 'COVERAGE_GAP', 'HAZARD', 'CREEK_RESERVOIR', 'PLANT', 'CREEK',
  'TRAIL', 'PIPE', 'PLACE', 'TRAILHEAD', 'TANK', 'WATER_QUALITY_STATION', 'SLUICE'];

function tooltipOf(p) {
  const extra = [];
  if (p.capacityM3) extra.push(`${p.capacityM3} m³`);
  if (p.maxFlowM3h) extra.push(`≤ ${p.maxFlowM3h} m³/h`);
  if (p.corridorM) extra.push(`corridor ${p.corridorM} m`);
  if (p.gateRampCm) extra.push(`ramp ${p.gateRampCm} cm`);
  return `${nameOf(p) || p.id}<br><span style="color:#666">${TYPE_LABEL[p.type] || p.type}${extra.length ? ' · ' + extra.join(' · ') : ''}</span>`;
}

/** Leaflet icon of a team: role initial in a coloured disc. */
export function teamIcon(role, dispatched) {
  const r = ROLE[role] || ['', '', '队', '#555'];
  return L.divIcon({
    className: '',
    html: `<div class="team-icon${dispatched ? ' dispatched' : ''}" style="background:${r[3]}">${r[2]}</div>`,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
  });
}

/**
 * The dashboard's map: world layers, team markers, and an overlay for the selected incident
 * (search rings, last known position, last track).
 */
export class WorldMap {
  constructor(container) {
    this.map = L.map(container, { zoomControl: true, attributionControl: false, minZoom: 8, maxZoom: 18 });
    this.map.setView([29.05, 119.75], 10);
    this.byScenario = {};
    this.teamLayer = L.layerGroup().addTo(this.map);
    this.teamMarkers = new Map();
    this.incidentLayer = L.layerGroup().addTo(this.map);
  }

  /** Draws the world; returns the bounds of each scenario's features. */
  drawWorld(world) {
    const features = worldFeatures(world).filter(f => f && f.geometry && f.properties);
    const drawable = features.filter(f => ORDER.includes(f.properties.type));
    drawable.sort((a, b) => ORDER.indexOf(a.properties.type) - ORDER.indexOf(b.properties.type));
    const layer = L.geoJSON(drawable, {
      style: f => AREA_STYLE[f.properties.type] || LINE_STYLE[f.properties.type] || {},
      pointToLayer: (f, latlng) => L.circleMarker(latlng, POINT_STYLE[f.properties.type] || { radius: 4 }),
      onEachFeature: (f, l) => {
        l.bindTooltip(tooltipOf(f.properties), { sticky: f.geometry.type !== 'Point' });
        const sc = f.properties.scenario || 'OTHER';
        (this.byScenario[sc] = this.byScenario[sc] || L.latLngBounds([])).extend(l.getBounds ? l.getBounds() : l.getLatLng());
      },
    }).addTo(this.map);
    this.worldLayer = layer;
    if (layer.getLayers().length) this.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    this.teamsByHome = new Map(features.filter(f => f.properties.type === 'TEAM').map(f => [f.properties.id, f]));
    return this.byScenario;
  }

  /** Zooms to one scenario's part of the world (LOST_PERSON or WASTEWATER). */
  focusScenario(scenario) {
    const b = this.byScenario[scenario];
    if (b && b.isValid()) this.map.fitBounds(b, { padding: [20, 20] });
  }

  /**
   * Places team markers. teams: [{id, name, nameZh, role, position|location|lat/lon, ...}];
   * dispatchedIds: teams currently dispatched (ringed).
   */
  setTeams(teams, dispatchedIds = new Set()) {
    const seen = new Set();
    for (const t of teams || []) {
      const pos = teamPosition(t) || homeOf(this.teamsByHome, t.id);
      if (!pos) continue;
      seen.add(t.id);
      const latlng = [pos.lat, pos.lon];
      const dispatched = dispatchedIds.has(t.id);
      let m = this.teamMarkers.get(t.id);
      const label = `${nameOf(t)}<br><span style="color:#666">${roleLabel(t.role)}${pos.ts ? ' · ' + time(pos.ts) : ' · 驻地 home base'}</span>`;
      if (!m) {
        m = L.marker(latlng, { icon: teamIcon(t.role, dispatched), zIndexOffset: 500 }).addTo(this.teamLayer);
        m.bindTooltip(label);
        this.teamMarkers.set(t.id, m);
      } else {
        m.setLatLng(latlng);
        m.setIcon(teamIcon(t.role, dispatched));
        m.setTooltipContent(label);
      }
    }
    for (const [id, m] of this.teamMarkers) {
      if (!seen.has(id)) {
        this.teamLayer.removeLayer(m);
        this.teamMarkers.delete(id);
      }
    }
  }

  /** Draws one incident: search rings, last known position, last track, alert locations. */
  showIncident(alerts) {
    this.incidentLayer.clearLayers();
    const bounds = L.latLngBounds([]);
    const latest = alerts.find(a => a.searchArea) || null;
    if (latest && latest.searchArea) {
      const rings = worldFeatures(latest.searchArea)
        .filter(f => f.properties && f.properties.kind === 'SEARCH_RING')
        .sort((a, b) => (b.properties.percentile || 0) - (a.properties.percentile || 0));
      for (const f of rings) {
        const pct = f.properties.percentile;
        const g = L.geoJSON(f, {
          style: { color: '#c1121f', weight: pct >= 95 ? 1 : 2, fillColor: '#c1121f', fillOpacity: 0.07, dashArray: pct >= 95 ? '2 4' : '6 3' },
        }).bindTooltip(`搜索范围 Search ring ${pct}% · r ≈ ${Math.round((f.properties.radiusM || 0) / 100) / 10} km`, { sticky: true });
        g.addTo(this.incidentLayer);
        bounds.extend(g.getBounds());
      }
    }
    const track = trackOf(alerts);
    if (track.length > 1) {
      L.polyline(track.map(p => [p.lat, p.lon]), { color: '#14213d', weight: 3, opacity: 0.9 })
        .bindTooltip('最后轨迹 Last track').addTo(this.incidentLayer);
    }
    for (const p of track) {
      L.circleMarker([p.lat, p.lon], { radius: 3, color: '#14213d', fillColor: '#fff', fillOpacity: 1, weight: 1.5 })
        .bindTooltip(`${time(p.ts)}${p.accuracyM ? ' ± ' + Math.round(p.accuracyM) + ' m' : ''}`).addTo(this.incidentLayer);
      bounds.extend([p.lat, p.lon]);
    }
    const lkp = (alerts.find(a => a.lastKnownPosition) || {}).lastKnownPosition;
    if (lkp) {
      L.circleMarker([lkp.lat, lkp.lon], { radius: 9, color: '#fff', fillColor: '#c1121f', fillOpacity: 1, weight: 3 })
        .bindTooltip(`最后已知位置 Last known position<br>${time(lkp.ts)}${lkp.accuracyM ? ' ± ' + Math.round(lkp.accuracyM) + ' m' : ''} ${lkp.source || ''}`)
        .addTo(this.incidentLayer);
      bounds.extend([lkp.lat, lkp.lon]);
    }
    for (const a of alerts) {
      if (!a.location) continue;
      L.circleMarker([a.location.lat, a.location.lon], { radius: 6, color: '#000', fillColor: '#ffd400', fillOpacity: 0.9, weight: 1.5 })
        .bindTooltip(`${a.titleZh || ''} ${a.title || ''}<br>${time(a.eventTime)}`).addTo(this.incidentLayer);
      bounds.extend([a.location.lat, a.location.lon]);
    }
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
  }

  clearIncident() { this.incidentLayer.clearLayers(); }

  /** Leaflet needs to re-measure after its container changes size. */
  resize() { this.map.invalidateSize(); }
}

function num(x) { return typeof x === 'number' && Number.isFinite(x) ? x : (typeof x === 'string' && x.trim() !== '' && Number.isFinite(+x) ? +x : null); }

/** A team's reported position from the shapes the API may use. */
export function teamPosition(t) {
  if (!t) return null;
  for (const c of [t.lastPosition, t.position, t.currentPosition]) {
    if (!c) continue;
    const l = c.location && typeof c.location === 'object' ? c.location : c;
    const lat = num(l.lat), lon = num(l.lon);
    if (lat !== null && lon !== null) return { lat, lon, ts: c.ts || null };
  }
  const b = t.base || t.location;
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
export function legend() {
  const c = L.control({ position: 'bottomleft' });
  c.onAdd = () => {
    const box = el('div', { class: 'leaflet-bar', style: 'background:#fff;padding:6px 8px;font-size:11px;line-height:1.5' });
    const sw = (style, text) => el('div', {}, el('span', { style: `display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-2px;${style}` }), text);
    box.append(
      sw('background:#9fd49f;border:1px solid #3a7d44', '巡防区 Patrol area'),
      sw('background:#e5989b', '危险区 Hazard'),
      sw('background:#9e9e9e', '信号盲区 No coverage'),
      sw('border-top:3px dashed #8d5524;height:0', '步道 Trail'),
      sw('background:#b8a9c9', '企业 Plant'),
      sw('background:#48cae4;border-radius:50%', '应急池 Pool'),
      sw('border-top:3px solid #0077b6;height:0', '互连管 Pipe'),
      sw('background:#ffb703;border-radius:50%;border:1px solid #000', '闸门 Sluice'),
      sw('background:#95d5b2;border-radius:50%', '水质站 Station'),
      sw('border:2px dashed #c1121f', '搜索范围 Search ring'),
    );
    return box;
  };
  return c;
}
