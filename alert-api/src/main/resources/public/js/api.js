// Client of the alert API shared by the three pages: login, authorised JSON calls whose failures
// always reach the visible message box, and the live Server-Sent-Events stream.
import { t } from './i18n.js';

/** An API answer that was not 2xx, with the server's reason. */
export class ApiError extends Error {
  constructor(status, reason, path) {
    super(status ? `${status} ${reason}` : reason);
    this.status = status;
    this.reason = reason;
    this.path = path;
  }
}

/** Shows a message in the page's #message box; errors stay until closed, info fades. */
export function showMessage(text, kind = 'error') {
  let box = document.getElementById('message');
  if (!box) {
    box = document.createElement('div');
    box.id = 'message';
    box.setAttribute('role', 'alert');
    document.body.appendChild(box);
  }
  box.className = kind === 'info' ? 'info' : '';
  box.replaceChildren();
  const span = document.createElement('span');
  span.className = 'text';
  span.textContent = text;
  const close = document.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.textContent = '×';
  close.title = t('action.close');
  close.addEventListener('click', () => box.classList.add('hidden'));
  box.append(span, close);
  box.classList.remove('hidden');
  clearTimeout(showMessage.timer);
  if (kind === 'info') showMessage.timer = setTimeout(() => box.classList.add('hidden'), 4000);
}

/** Shows an error (ApiError or any other) with what the user was doing. */
export function showError(err, doing) {
  const what = err instanceof ApiError
    ? `${err.status ? 'HTTP ' + err.status + ': ' : ''}${err.reason}`
    : (err && err.message) || String(err);
  showMessage(doing ? t('error.failed', { doing, what }) : what, 'error');
}

export function hideMessage() {
  const box = document.getElementById('message');
  if (box) box.classList.add('hidden');
}

async function reasonOf(res) {
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const body = JSON.parse(text);
      // The API's ErrorBody is {error, status}; Micronaut's own answers use message/_embedded.errors.
      if (body.error && typeof body.error === 'string') return body.error;
      if (body.message && body._embedded && Array.isArray(body._embedded.errors) && body._embedded.errors.length) {
        return body._embedded.errors.map(e => e.message).join('; ');
      }
      if (body.message) return body.message;
      if (body.reason) return body.reason;
    } catch (ignored) {
      return text.length > 300 ? text.slice(0, 300) + '…' : text;
    }
  }
  return res.statusText || 'request failed';
}

/**
 * One logged-in session of one page. The token lives in sessionStorage under a key of the page, so
 * the dashboard and a field-team page can be open side by side with different users.
 */
export class Api {
  constructor(page) {
    this.key = `risk.session.${page}`;
    try {
      this.session = JSON.parse(sessionStorage.getItem(this.key) || 'null');
    } catch (ignored) {
      this.session = null;
    }
    this.onUnauthorized = () => {};
  }

  get loggedIn() { return !!(this.session && this.session.token); }
  get token() { return this.session && this.session.token; }
  get username() { return this.session && this.session.username; }
  get roles() { return (this.session && this.session.roles) || []; }

  async login(username, password) {
    let res;
    try {
      res = await fetch('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    } catch (e) {
      throw new ApiError(0, t('error.unreachable', { reason: e.message }), '/login');
    }
    if (res.status === 401) {
      throw new ApiError(res.status, t('login.wrong'), '/login');
    }
    // 403: the password was right but the account may not log in now (a field team whose team is
    // not in the world): the API's reason says why.
    if (!res.ok) throw new ApiError(res.status, await reasonOf(res), '/login');
    const body = await res.json();
    if (!body.access_token) throw new ApiError(res.status, 'login answer carries no access_token', '/login');
    this.session = {
      token: body.access_token,
      username: body.username || username,
      roles: body.roles || [],
    };
    sessionStorage.setItem(this.key, JSON.stringify(this.session));
    return this.session;
  }

  logout() {
    this.session = null;
    sessionStorage.removeItem(this.key);
  }

  async request(method, path, body) {
    const res = await this.send(method, path, body, {});
    if (res.status === 204) return null;
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }

  /** The response, once it is a success or 304; anything else is thrown as an ApiError. */
  async send(method, path, body, extraHeaders) {
    const headers = { Accept: 'application/json', ...extraHeaders };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, t('error.unreachable', { reason: e.message }), path);
    }
    if (res.status === 401) {
      const reason = await reasonOf(res);
      this.onUnauthorized(reason);
      throw new ApiError(401, t('login.expired', { reason }), path);
    }
    if (res.status === 304) return res;
    if (!res.ok) throw new ApiError(res.status, await reasonOf(res), path);
    return res;
  }

  /**
   * A GET of a resource that carries an ETag (the live world): null while it is still the one
   * tagged {@code etag}, else {etag, body}.
   */
  async getIfChanged(path, etag) {
    const res = await this.send('GET', path, undefined, etag ? { 'If-None-Match': etag } : {});
    if (res.status === 304) return null;
    return { etag: res.headers.get('ETag'), body: JSON.parse(await res.text()) };
  }

  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body === undefined ? {} : body); }

  /**
   * Opens the live stream. EventSource cannot send headers, so the token travels as ?access_token=.
   * Every event, named or not, reaches onEvent(type, data, id). The browser reconnects by itself
   * (sending Last-Event-ID); when the server refuses the stream, the reason is fetched and shown and
   * a new stream is opened after a pause.
   */
  stream(onEvent, onState = () => {}) {
    let source = null;
    let stopped = false;
    // The API's event names (its keep-alive "ping" is not delivered); unnamed events arrive as "message".
    const types = ['alert', 'incident', 'dispatch', 'team', 'device', 'reading', 'message'];
    const deliver = ev => {
      let data = ev.data;
      try { data = JSON.parse(ev.data); } catch (ignored) { /* plain text events stay strings */ }
      onEvent(ev.type, data, ev.lastEventId);
    };
    const open = () => {
      if (stopped) return;
      source = new EventSource(`/api/stream?access_token=${encodeURIComponent(this.token || '')}`);
      source.onopen = () => onState(true);
      for (const t of types) source.addEventListener(t, deliver);
      source.onerror = async () => {
        onState(false);
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          try {
            const res = await fetch(`/api/stream?access_token=${encodeURIComponent(this.token || '')}`,
              { headers: { Accept: 'text/event-stream' }, signal: AbortSignal.timeout(3000) });
            if (!res.ok) showError(new ApiError(res.status, await reasonOf(res), '/api/stream'), t('live.stream'));
            else if (res.body) res.body.cancel();
          } catch (e) {
            if (e.name !== 'TimeoutError' && e.name !== 'AbortError') showError(e, t('live.stream'));
          }
          setTimeout(open, 5000);
        }
      };
    };
    open();
    return { close() { stopped = true; if (source) source.close(); } };
  }
}

/** Wires a login form (#login-form with #username, #password) to the api; calls done() on success. */
export function wireLogin(api, done) {
  const form = document.getElementById('login-form');
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api.login(form.username.value.trim(), form.password.value);
      hideMessage();
      done();
    } catch (e) {
      showError(e, t('login.title'));
    } finally {
      button.disabled = false;
    }
  });
}

/**
 * The sign-in and live life of a page, the same on every page: the login form until signed in,
 * then the app; {@code load} fills it and the live stream (with its indicator) feeds
 * {@code onEvent}; a 401 or the logout button go back to the form. Returns a handle whose
 * {@code stream} is the open stream or null.
 */
export function runPage(api, { load, onEvent }) {
  const $ = id => document.getElementById(id);
  const page = { stream: null };
  function showLogin() {
    if (page.stream) page.stream.close();
    page.stream = null;
    api.logout();
    $('app').classList.add('hidden');
    $('live').classList.add('hidden');
    $('logout').classList.add('hidden');
    if ($('who')) $('who').textContent = '';
    $('login-view').classList.remove('hidden');
  }
  async function start() {
    $('login-view').classList.add('hidden');
    $('app').classList.remove('hidden');
    $('logout').classList.remove('hidden');
    if ($('who')) $('who').textContent = api.username;
    await load();
    page.stream = api.stream(onEvent, up => {
      const live = $('live');
      live.classList.remove('hidden');
      live.classList.toggle('on', up);
      live.classList.toggle('off', !up);
      live.textContent = up ? t('live.on') : t('live.reconnecting');
    });
  }
  api.onUnauthorized = () => showLogin();
  $('logout').addEventListener('click', showLogin);
  wireLogin(api, start);
  if (api.loggedIn) start(); else showLogin();
  return page;
}
