// Zones drawn on a map and changed live: Leaflet.draw (bundled WebJar) draws a polygon or a line,
// a small form names it and sets its kind and expiry, and the API sends it to the job as a
// world-upsert; the zones changed live are drawn with their state (running, waiting for the job's
// verdict, refused with the reason, expired) and can be deleted. A trail of the world can be closed
// (a landslide, a search) until a time, and reopened. Polls while a change is pending.
import { showError, showMessage } from './api.js';
import { el, nameOf, time } from './format.js';
import { t } from './i18n.js';
import { changeItem } from './changes.js';

/** Kinds that may be drawn, by geometry type, and the scenario (so the role) each belongs to. */
const KINDS = {
  Polygon: [['MOUNTAIN_AREA', 'LOST_PERSON'], ['COVERAGE_GAP', 'LOST_PERSON'], ['HAZARD', 'LOST_PERSON'],
    ['INDUSTRIAL_PARK', 'WASTEWATER']],
  LineString: [['TRAIL', 'LOST_PERSON']],
};
const STYLE = {
  active: { color: '#d84315', weight: 3, fillOpacity: 0.15 },
  pending: { color: '#616161', weight: 2, dashArray: '6 4', fillOpacity: 0.05 },
  refused: { color: '#c62828', weight: 2, dashArray: '2 4', fillOpacity: 0 },
  expired: { color: '#9e9e9e', weight: 1, fillOpacity: 0.03 },
};

/** "2026-12-18T20:00" typed in the people's local time (Asia/Shanghai) → ISO with offset. */
function isoOf(local) {
  return local ? `${local.length === 16 ? local + ':00' : local}+08:00` : null;
}

/** The local time in Asia/Shanghai hours from now, as a datetime-local value. */
function localIn(hours) {
  const d = new Date(Date.now() + hours * 3600_000 + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}

export class ZoneLayer {
  constructor(api, map) {
    this.api = api;
    this.map = map;
    this.layer = L.layerGroup().addTo(map);
    this.timer = null;
    const may = this.drawable();
    if (may.Polygon.length || may.LineString.length) {
      map.addControl(new L.Control.Draw({
        position: 'topleft',
        draw: { polygon: may.Polygon.length ? { allowIntersection: false } : false,
          rectangle: may.Polygon.length ? {} : false, polyline: may.LineString.length ? {} : false,
          circle: false, marker: false, circlemarker: false },
      }));
      map.on(L.Draw.Event.CREATED, ev => this.describe(ev.layer));
    }
  }

  /** The kinds this user may draw, by geometry type (the API checks it again). */
  drawable() {
    const roles = this.api.roles;
    const may = sc => roles.includes('ADMIN') || (sc === 'LOST_PERSON' && roles.includes('COMMAND'))
      || (sc === 'WASTEWATER' && roles.includes('ENV_BUREAU'));
    return Object.fromEntries(Object.entries(KINDS).map(([g, kinds]) => [g, kinds.filter(([, sc]) => may(sc))]));
  }

  /** The form of a zone just drawn: kind, names, expiry (and a trail's corridor, a hazard's kind). */
  describe(drawnLayer) {
    const geometry = drawnLayer.toGeoJSON().geometry;
    const kinds = this.drawable()[geometry.type] || [];
    drawnLayer.setStyle(STYLE.pending).addTo(this.map);
    const kind = el('select', { name: 'kind' }, kinds.map(([k]) => el('option', { value: k }, t(`feature.${k}`))));
    const extra = el('span');
    const showExtra = () => extra.replaceChildren(
      kind.value === 'TRAIL' ? el('input', { name: 'corridorM', type: 'number', min: 1, step: 'any', value: 40, 'aria-label': t('zones.corridor') })
        : kind.value === 'HAZARD' ? el('select', { name: 'hazard', 'aria-label': t('zones.hazard') },
          el('option', { value: 'CLIFF' }, t('zones.hazard.CLIFF')), el('option', { value: 'WATER' }, t('zones.hazard.WATER'))) : '');
    kind.addEventListener('change', showExtra);
    showExtra();
    const form = el('form', { class: 'zone-form', id: 'zone-form' },
      el('label', null, t('zones.kind')), kind,
      el('label', null, t('zones.name')), el('input', { name: 'name', required: true, value: t('zones.defaultName') }),
      el('label', null, t('zones.nameZh')), el('input', { name: 'nameZh' }),
      el('label', null, t('zones.expires')), el('input', { name: 'expiresAt', type: 'datetime-local', value: localIn(12) }),
      el('label', null, t('zones.details')), extra,
      el('div', { class: 'actions' },
        el('button', { type: 'submit', class: 'save-zone' }, t('zones.save')),
        el('button', { type: 'button', class: 'secondary', onclick: () => { this.map.closePopup(); } }, t('zones.cancel'))));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const f = form.elements;
      const body = { kind: f.kind.value, name: f.name.value.trim(), nameZh: f.nameZh.value.trim() || null,
        geometry, expiresAt: isoOf(f.expiresAt.value) };
      if (f.corridorM) body.corridorM = Number(f.corridorM.value);
      if (f.hazard) body.hazard = f.hazard.value;
      try {
        const change = await this.api.post('/api/zones', body);
        showMessage(t('zones.sent', { id: change.featureId }), 'info');
        this.map.closePopup();
      } catch (err) {
        showError(err, t('zones.save'));
      }
      await this.load();
    });
    drawnLayer.bindPopup(form, { minWidth: 260 }).openPopup();
    drawnLayer.on('popupclose', () => this.map.removeLayer(drawnLayer));
  }

  /** Each trail of the world drawn in worldLayer offers its closure, to those who change lost-person zones. */
  offerTrailClosures(worldLayer) {
    if (!this.drawable().LineString.length) return;
    worldLayer.eachLayer(l => {
      const p = l.feature && l.feature.properties;
      if (p && p.type === 'TRAIL' && !p.closed) l.bindPopup(() => this.closureForm(p), { minWidth: 240 });
    });
  }

  /** The form that closes a trail until a time (empty: until reopened). */
  closureForm(p) {
    const form = el('form', { class: 'zone-form trail-closure', dataset: { trail: p.id } },
      el('strong', null, nameOf(p) || p.id), el('span'),
      el('label', null, t('zones.opensAgain')), el('input', { name: 'expiresAt', type: 'datetime-local', value: localIn(12) }),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', class: 'close-trail' }, t('zones.closeTrail')),
        el('button', { type: 'button', class: 'secondary', onclick: () => { this.map.closePopup(); } }, t('zones.cancel'))));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      try {
        const change = await this.api.post(`/api/zones/trails/${encodeURIComponent(p.id)}/closure`,
          { expiresAt: isoOf(form.elements.expiresAt.value) });
        showMessage(t('zones.closing', { id: change.featureId }), 'info');
        this.map.closePopup();
      } catch (err) {
        showError(err, t('zones.closeTrail'));
      }
      await this.load();
    });
    return form;
  }

  /** Draws the zones changed live, and polls again (sooner while a change waits for its verdict). */
  async load() {
    clearTimeout(this.timer);
    let zones = [];
    try {
      zones = await this.api.get('/api/zones');
    } catch (e) {
      // Signed out: the login form is back, and the next sign-in loads the zones again.
      if (e.status === 401) return;
      showError(e, t('zones.load'));
    }
    this.layer.clearLayers();
    const may = this.drawable();
    const mayChange = sc => Object.values(may).some(kinds => kinds.some(([, s]) => s === sc));
    for (const z of zones) {
      const state = z.active ? (z.expired ? 'expired' : 'active') : z.lastChange.status === 'REFUSED' ? 'refused' : 'pending';
      const popup = el('div', { class: 'zone-popup', dataset: { zone: z.id, state } },
        el('strong', null, z.name || z.id), ' ', el('span', { class: 'small' }, t(`feature.${z.kind}`)),
        el('div', { class: 'small' }, t(`zones.state.${state}`),
          z.expiresAt ? ` · ${t('zones.until', { at: time(z.expiresAt) })}` : ''),
        el('ul', { class: 'changes' }, changeItem(z.lastChange)),
        z.active && mayChange(z.scenario) ? el('button', { type: 'button', class: 'secondary delete-zone', onclick: async () => {
          try {
            await this.api.request('DELETE', `/api/zones/${z.id}`);
          } catch (err) {
            showError(err, t('zones.delete'));
          }
          this.map.closePopup();
          await this.load();
        } }, t(z.worldFile ? 'zones.reopen' : 'zones.delete')) : '');
      // The classes name the zone and its state for tests and styles (Leaflet puts them on the SVG path).
      L.geoJSON(z.feature, { style: () => ({ ...STYLE[state], className: `risk-zone zone-${state} zone-id-${z.id}` }) }).bindPopup(popup).bindTooltip(`${z.name || z.id} · ${t(`zones.state.${state}`)}`)
        .addTo(this.layer);
    }
    const waiting = zones.some(z => z.lastChange.status === 'PENDING');
    this.timer = setTimeout(() => this.load(), waiting ? 1500 : 15000);
  }
}
