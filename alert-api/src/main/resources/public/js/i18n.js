// The pages' labels in the chosen language: messages from /i18n/zh-CN.json and /i18n/en.json, a
// switch remembered in localStorage, names of the world's features and teams from nameZh or name.

const KEY = 'risk.lang';
export const LANGS = ['zh-CN', 'en'];

function initial() {
  const saved = localStorage.getItem(KEY);
  if (LANGS.includes(saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const current = initial();
const fallback = current === 'en' ? null : 'en';

async function load(lang) {
  const res = await fetch(`/i18n/${lang}.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`messages ${lang}: HTTP ${res.status}`);
  return res.json();
}

// Top-level await: every module that imports this one sees the messages loaded.
const messages = await load(current);
const fallbackMessages = fallback ? await load(fallback) : {};

/** The chosen language: zh-CN or en. */
export function lang() { return current; }

/**
 * The message of a key with {name} placeholders filled; a key missing in the chosen language falls
 * back to English, a key missing everywhere shows itself (so a missing label is visible, not blank).
 */
export function t(key, params) {
  let s = messages[key] ?? fallbackMessages[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined || params[k] === null ? '' : String(params[k])));
  return s;
}

/** Whether a message exists (for optional labels such as an enum value the page does not know). */
export function has(key) { return key in messages || key in fallbackMessages; }

/** A feature's or team's name in the chosen language: nameZh or name, whichever there is. */
export function name(x) {
  if (!x) return '';
  return (current === 'zh-CN' ? (x.nameZh || x.name) : (x.name || x.nameZh)) || x.id || '';
}

/** A title in the chosen language from an object with title and titleZh. */
export function title(x) {
  if (!x) return '';
  return current === 'zh-CN' ? (x.titleZh || x.title || '') : (x.title || x.titleZh || '');
}

/** A recommendation's action text (action / actionZh) in the chosen language. */
export function action(r) {
  if (!r) return '';
  return current === 'zh-CN' ? (r.actionZh || r.action || '') : (r.action || r.actionZh || '');
}

/** Switches language, remembers it and reloads the page so that every label is drawn again. */
export function setLang(l) {
  if (!LANGS.includes(l) || l === current) return;
  localStorage.setItem(KEY, l);
  location.reload();
}

/**
 * Fills the static labels of the page: data-i18n (text), data-i18n-placeholder, -title and
 * -aria-label; the document's title and language; and wires #lang-switch.
 */
export function translatePage() {
  document.documentElement.lang = current;
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const data = `i18n${attr.split('-').map(p => p[0].toUpperCase() + p.slice(1)).join('')}`;
    for (const e of document.querySelectorAll(`[data-i18n-${attr}]`)) e.setAttribute(attr, t(e.dataset[data]));
  }
  const titleKey = document.documentElement.dataset.titleKey;
  if (titleKey) document.title = t(titleKey);
  const sw = document.getElementById('lang-switch');
  if (sw) {
    const other = current === 'zh-CN' ? 'en' : 'zh-CN';
    sw.textContent = other === 'en' ? 'English' : '中文';
    sw.setAttribute('lang', other);
    sw.dataset.lang = current;
    sw.setAttribute('aria-label', t('lang.switch'));
    sw.addEventListener('click', () => setLang(other));
  }
}

translatePage();
