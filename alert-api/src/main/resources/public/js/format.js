// DOM building and labels shared by the pages. Text always goes in through textContent,
// never innerHTML: alert titles and call texts come from outside.

import { has, name, t } from './i18n.js';

/** el('li', {class: 'x', dataset: {id: 1}, onclick: f}, child, 'text', ...) */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Name of a feature or team in the chosen language (nameZh or name). */
export function nameOf(x) {
  return name(x);
}

export const SEVERITY_RANK = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function severityBadge(s) {
  return el('span', { class: `sev ${s || ''}` }, s ? t(`severity.${s}`) : '?');
}

export const STATUSES = ['NEW', 'DISPATCHED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED', 'FALSE_ALARM'];
export function statusLabel(s) {
  return s && has(`status.${s}`) ? t(`status.${s}`) : (s || '?');
}
export function statusBadge(s) {
  return el('span', { class: `status ${s || ''}`, dataset: { status: s || '' } }, statusLabel(s));
}

/** An escalation level of lost-person incidents (STATION, COMMAND_CENTRE) or a wastewater response level. */
export function levelLabel(l) {
  return l && has(`level.${l}`) ? t(`level.${l}`) : (l || '');
}

export const LEVELS = ['ENTERPRISE', 'PARK', 'TOWNSHIP', 'COUNTY'];
export function levelBadge(l) {
  if (!l) return null;
  return el('span', { class: 'badge' }, levelLabel(l));
}

/** Team roles: map initial and colour. */
export const ROLE = {
  COMMAND: '#14213d', POLICE: '#1f5fa8', FIRE: '#c1121f', MEDICAL: '#2a9d8f', VOLUNTEER: '#e76f51',
  ENTERPRISE: '#6d597a', PARK: '#7b2cbf', TOWNSHIP: '#5a189a', COUNTY: '#3c096c', ENV_MONITORING: '#0077b6',
};
export function roleLabel(r) {
  return r && has(`role.${r}`) ? t(`role.${r}`) : (r || '');
}
export function roleInitial(r) {
  return r && has(`role.${r}.initial`) ? t(`role.${r}.initial`) : '•';
}

export function scenarioLabel(s) {
  return s && has(`scenario.${s}`) ? t(`scenario.${s}`) : (s || '');
}

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
/** ISO time → "12-29 16:05:00" in Asia/Shanghai (the people's local time). */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : TIME.format(d).replace(/\//g, '-');
}

/** "3 min", "1 h 20 min" for a number of minutes. */
export function minutes(m) {
  if (m === null || m === undefined || Number.isNaN(Number(m))) return '';
  const n = Math.max(0, Math.round(m));
  return n >= 60 ? t('duration.hoursMinutes', { h: Math.floor(n / 60), m: n % 60 }) : t('duration.minutes', { m: n });
}

export function distance(m) {
  if (m === undefined || m === null || Number.isNaN(Number(m))) return '';
  return m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`;
}

/** ETA given as minutes, seconds or an ISO-8601 duration (PT12M) → "12 min". */
export function eta(x) {
  if (!x) return '';
  if (x.etaMinutes !== undefined && x.etaMinutes !== null) return `${x.etaMinutes} min`;
  if (x.etaSeconds !== undefined && x.etaSeconds !== null) return `${Math.max(1, Math.round(x.etaSeconds / 60))} min`;
  const iso = typeof x.eta === 'string' ? x.eta : null;
  if (iso) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
    if (m) return `${Math.max(1, Math.round((+(m[1] || 0)) * 60 + (+(m[2] || 0)) + (+(m[3] || 0)) / 60))} min`;
    return iso;
  }
  if (typeof x.eta === 'number') return `${x.eta} min`;
  return '';
}

/** Great-circle distance in metres (for "how far am I" on the field page). */
export function haversineM(lat1, lon1, lat2, lon2) {
  const R = 6371008.8;
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

/**
 * Coalesces bursts (a replay at max speed sends many events) into one call per quiet period, but
 * at least one call per maxWait so that a long burst still shows progress.
 */
export function debounce(f, ms, maxWait = 2000) {
  let t = null;
  let first = null;
  return (...args) => {
    clearTimeout(t);
    const now = Date.now();
    if (first === null) first = now;
    const wait = Math.max(0, Math.min(ms, first + maxWait - now));
    t = setTimeout(() => {
      first = null;
      f(...args);
    }, wait);
  };
}

/**
 * Renders a list keyed by id, reusing the element of every item whose signature did not change, so
 * that a live update does not replace the row under the user's pointer.
 * cache: a Map kept by the caller; items: [{id, sig, make: () => Element}].
 */
export function keyedList(list, cache, items, emptyText) {
  const next = new Map();
  const nodes = items.map(it => {
    const old = cache.get(it.id);
    const node = old && old.sig === it.sig ? old.node : it.make();
    next.set(it.id, { sig: it.sig, node });
    return node;
  });
  cache.clear();
  for (const [k, v] of next) cache.set(k, v);
  const same = nodes.length === list.children.length && nodes.every((n, i) => list.children[i] === n);
  if (same) return;
  list.replaceChildren(...(nodes.length ? nodes : [el('li', { class: 'empty' }, emptyText)]));
}
