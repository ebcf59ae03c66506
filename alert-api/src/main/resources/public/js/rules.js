// Rules page: the rules as they run (parameters with units, bounds, defaults and values, version,
// on/off, shadow), their live changes with the job's verdicts, and the shadow versions' alerts.
// A change is sent to the API, which puts it on risk.control; its verdict comes back within
// seconds, so the page polls while one is pending. Role-scoped by the API: the bureau sees and
// changes the plating rules, the command centre changes the hiker rules, admins everything.
import { Api, runPage, showError, showMessage } from './api.js';
import { el, scenarioLabel, severityBadge, time } from './format.js';
import { lang, t, title } from './i18n.js';
import { changeItem } from './changes.js';

const api = new Api('rules');
const $ = id => document.getElementById(id);
/** Per rule id: the JSON last drawn, so a card is drawn again only when its rule changed. */
const drawn = new Map();
let timer = null;

async function load() {
  await Promise.all([loadRules(), loadShadowAlerts()]);
  schedule();
}

function pending(rules) {
  return rules.some(r => r.changes.some(c => c.status === 'PENDING'));
}

let lastRules = [];
function schedule() {
  clearTimeout(timer);
  if (!api.loggedIn) return;
  timer = setTimeout(async () => {
    await loadRules();
    await loadShadowAlerts();
    schedule();
  }, pending(lastRules) ? 1500 : 10000);
}

async function loadRules() {
  try {
    lastRules = await api.get('/api/rules');
  } catch (e) {
    if (e.status !== 401) showError(e, t('rules.load'));
    return;
  }
  const list = $('rule-list');
  for (const r of lastRules) {
    const json = JSON.stringify(r);
    if (drawn.get(r.id) === json) continue;
    drawn.set(r.id, json);
    const card = ruleCard(r);
    const old = document.getElementById(`rule-${r.id}`);
    if (old) old.replaceWith(card); else list.append(card);
  }
}

function ruleName(r) {
  return lang() === 'zh-CN' ? (r.nameZh || r.nameEn) : (r.nameEn || r.nameZh);
}

function bounds(p) {
  if (p.type === 'text-list') return t('rules.textList');
  return `${p.min} – ${p.max}${p.unit ? ' ' + p.unit : ''}`;
}

function shown(v) {
  if (v === null || v === undefined) return t('rules.unset');
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function input(r, p) {
  const attrs = { name: p.name, 'aria-label': `${p.name} (${bounds(p)})`, dataset: { type: p.type } };
  if (p.type === 'text-list') {
    return el('input', { ...attrs, class: 'text-list', value: (p.value || []).join(', ') });
  }
  return el('input', { ...attrs, type: 'number', min: p.min, max: p.max, step: p.type === 'integer' ? 1 : 'any',
    value: p.value === null || p.value === undefined ? '' : p.value, placeholder: t('rules.unset') });
}

/** The values the user changed in a card, as the API takes them; null when one is not valid. */
function changedValues(card, r) {
  const out = {};
  for (const p of r.parameters) {
    const field = card.querySelector(`input[name="${p.name}"]`);
    if (!field || !r.mayChange) continue;
    let v;
    if (p.type === 'text-list') {
      v = field.value.split(',').map(s => s.trim()).filter(Boolean);
      if (JSON.stringify(v) === JSON.stringify(p.value)) continue;
    } else {
      if (field.value === '' && (p.value === null || p.value === undefined)) continue;
      v = field.value === '' ? null : Number(field.value);
      if (v === p.value) continue;
    }
    out[p.name] = v;
  }
  return out;
}

async function send(what, path, body, method = 'POST') {
  try {
    const change = await api.request(method, path, body);
    showMessage(t('rules.sent', { what, id: change.changeId }), 'info');
  } catch (e) {
    showError(e, what);
  }
  await loadRules();
  schedule();
}

function ruleCard(r) {
  const card = el('article', { class: `rule${r.enabled ? '' : ' off'}`, id: `rule-${r.id}`, dataset: { rule: r.id } });
  card.append(el('header', null,
    el('h2', null, ruleName(r)),
    el('span', { class: 'rule-id' }, r.id),
    el('span', { class: 'small' }, `${scenarioLabel(r.scenario)} · ${t('rules.version', { v: r.version })}`),
    el('span', { class: `small state-${r.enabled ? 'on' : 'off'}` }, r.enabled ? t('rules.on') : t('rules.off'))));
  const rows = r.parameters.map(p => el('tr', { dataset: { param: p.name } },
    el('th', { title: p.description }, p.name),
    el('td', null, p.description),
    el('td', { class: 'num' }, bounds(p)),
    el('td', { class: 'num' }, shown(p.default)),
    el('td', { class: 'num current' }, shown(p.value)),
    el('td', null, r.mayChange ? input(r, p) : '')));
  if (rows.length) {
    card.append(el('table', { class: 'data params' },
      el('thead', null, el('tr', null, ['rules.parameter', 'rules.description', 'rules.bounds', 'rules.default', 'rules.value', 'rules.newValue']
        .map(k => el('th', null, t(k))))),
      el('tbody', null, rows)));
  }
  if (r.epl) card.append(el('details', null, el('summary', null, t('rules.epl')), el('pre', null, r.epl)));
  if (r.mayChange) {
    const actions = el('div', { class: 'actions' });
    if (rows.length) {
      actions.append(el('button', { type: 'button', class: 'apply', onclick: () => {
        const values = changedValues(card, r);
        if (!Object.keys(values).length) { showMessage(t('rules.nothingChanged'), 'info'); return; }
        send(t('rules.apply'), `/api/rules/${r.id}/parameters`, { parameters: values });
      } }, t('rules.apply')));
      actions.append(el('button', { type: 'button', class: 'secondary try-shadow', onclick: () => {
        const values = changedValues(card, r);
        if (!Object.keys(values).length) { showMessage(t('rules.nothingChanged'), 'info'); return; }
        send(t('rules.tryShadow'), `/api/rules/${r.id}/shadow`, { parameters: values });
      } }, t('rules.tryShadow')));
    }
    actions.append(el('button', { type: 'button', class: 'secondary toggle', onclick: () =>
      send(r.enabled ? t('rules.turnOff') : t('rules.turnOn'), `/api/rules/${r.id}/enabled`, { enabled: !r.enabled }) },
    r.enabled ? t('rules.turnOff') : t('rules.turnOn')));
    card.append(actions);
  }
  if (r.shadow) {
    const box = el('div', { class: 'shadow' },
      el('strong', null, t('rules.shadow', { v: r.shadow.version ?? '?' })), ' ',
      el('span', { class: 'small' }, t('rules.startedBy', { by: r.shadow.by, at: time(r.shadow.at) })),
      el('div', { class: 'small' }, Object.entries(r.shadow.parameters)
        .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((r.parameters.find(p => p.name === k) || {}).value))
        .map(([k, v]) => `${k} = ${shown(v)}`).join(' · ') || t('rules.shadowSameParameters')));
    if (r.mayChange) {
      box.append(el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'promote', onclick: () => send(t('rules.promote'), `/api/rules/${r.id}/shadow/promote`, {}) },
          t('rules.promote')),
        el('button', { type: 'button', class: 'secondary stop', onclick: () => send(t('rules.stop'), `/api/rules/${r.id}/shadow`, undefined, 'DELETE') },
          t('rules.stop'))));
    }
    card.append(box);
  }
  if (r.changes.length) {
    card.append(el('ul', { class: 'changes', 'aria-label': t('rules.changes') }, r.changes.map(changeItem)));
  }
  return card;
}

async function loadShadowAlerts() {
  let page;
  try {
    page = await api.get('/api/alerts?shadow=true&size=100');
  } catch (e) {
    if (e.status !== 401) showError(e, t('rules.shadowTab'));
    return;
  }
  $('shadow-count').textContent = page.total ? String(page.total) : '';
  const table = $('shadow-table');
  table.replaceChildren(
    el('thead', null, el('tr', null, ['rules.at', 'rules.rule', 'rules.versionHeader', 'filter.severity', 'rules.alert']
      .map(k => el('th', null, t(k))))),
    el('tbody', null, page.items.length ? page.items.map(a => el('tr', { dataset: { alert: a.id } },
      el('td', { class: 'num' }, time(a.eventTime)), el('td', null, a.ruleId), el('td', { class: 'num' }, a.ruleVersion),
      el('td', null, severityBadge(a.severity)), el('td', null, title(a))))
      : el('tr', null, el('td', { colspan: 5 }, t('rules.noShadowAlerts')))));
}

for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => {
    for (const x of document.querySelectorAll('.tab')) {
      const on = x === tab;
      x.classList.toggle('active', on);
      x.setAttribute('aria-selected', String(on));
    }
    $('rules-panel').classList.toggle('hidden', tab.dataset.tab !== 'rules');
    $('shadow-panel').classList.toggle('hidden', tab.dataset.tab !== 'shadow');
  });
}

runPage(api, { load, onEvent: () => {} });
