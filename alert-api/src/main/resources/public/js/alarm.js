// Alarms for new CRITICAL and HIGH alerts (and a field team's new dispatch): a tone made with Web
// Audio (no sound file to fetch), a system notification when the browser allows it, and a line in
// the page's ARIA live region. Muting is remembered per browser.
import { t } from './i18n.js';

const MUTE_KEY = 'risk.alarm.muted';
let audio = null;

/** Whether the sound is muted (notifications and the live region are not). */
export function muted() {
  return localStorage.getItem(MUTE_KEY) === 'true';
}

export function setMuted(m) {
  localStorage.setItem(MUTE_KEY, m ? 'true' : 'false');
}

/**
 * Prepares sound and notifications inside a user gesture (the log-in or a click): browsers only
 * let a page that the user touched start audio and ask for notifications.
 */
export function unlock() {
  try {
    if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
  } catch (ignored) {
    audio = null;
  }
  if ('Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
  }
}

/** Plays the alarm tone: three short beeps, higher for CRITICAL. Returns whether it sounded. */
export function ring(severity) {
  if (muted()) return false;
  try {
    if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
    const f = severity === 'CRITICAL' ? 1046 : 784;
    const start = audio.currentTime + 0.02;
    for (let i = 0; i < 3; i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.0001, start + i * 0.3);
      gain.gain.exponentialRampToValueAtTime(0.25, start + i * 0.3 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.3 + 0.22);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.3);
      osc.stop(start + i * 0.3 + 0.25);
    }
    return true;
  } catch (ignored) {
    return false;
  }
}

/** Shows a system notification when allowed; clicking it focuses the page and calls onClick. Returns whether it was shown. */
export function notify(title, body, tag, onClick) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return false;
  try {
    const n = new Notification(title, { body, tag, renotify: true, requireInteraction: true });
    n.onclick = () => {
      window.focus();
      if (onClick) onClick();
      n.close();
    };
    return true;
  } catch (ignored) {
    return false;
  }
}

/** Says a line in the page's polite ARIA live region (#announcer), for screen readers. */
export function announce(text) {
  const box = document.getElementById('announcer');
  if (!box) return;
  // A new node each time: some screen readers skip a text they already read.
  const line = document.createElement('p');
  line.textContent = text;
  box.append(line);
  while (box.childElementCount > 5) box.firstElementChild.remove();
}

/** Wires a mute button (#mute): its label and aria-pressed follow the remembered state. */
export function wireMute(button) {
  const show = () => {
    const m = muted();
    button.setAttribute('aria-pressed', m ? 'true' : 'false');
    button.textContent = m ? t('alarm.unmute') : t('alarm.mute');
    button.classList.toggle('muted', m);
  };
  button.addEventListener('click', () => {
    setMuted(!muted());
    unlock();
    show();
  });
  show();
}
