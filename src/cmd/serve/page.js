// The listing form's suggestion bar: asks /api/suggest as the seller types (keys and IME
// composition alike), shows the candidates under the field, and replaces exactly the span
// the engine returned when one is picked. Offsets are UTF-16 code units on both sides.
// The photo area sends a picked or dropped photo to /api/photo and, when the image model
// says it shows media, offers barcode listing with the user's variant's wording and time.
'use strict';

const DEBOUNCE_MS = 20;

const bar = document.getElementById('bar');
const box = document.getElementById('suggest-box');
const statusLine = document.getElementById('status');
const categorySelect = document.getElementById('category');
const experimentLine = document.getElementById('experiment');
const photoDrop = document.getElementById('photo-drop');
const photoInput = document.getElementById('photo-input');
const photoPreview = document.getElementById('photo-preview');
const photoError = document.getElementById('photo-error');
const prompt = document.getElementById('barcode-prompt');
const promptText = document.getElementById('prompt-text');
const promptTimerBar = document.getElementById('prompt-timer-bar');
const modelStatus = document.getElementById('model-status');

const state = {
  user: new URLSearchParams(location.search).get('user'),
  params: { suggestions_enabled: true, max_suggestions: 5, display_ms: 8000 },
  inExperiment: false,
  seq: 0, // the last request sent; only its answer is rendered
  controller: null, // aborts the request in flight when a newer one starts
  timer: 0, // debounce
  answer: null, // { el, text, cursor, suggestions } behind the bar
  selected: -1,
  shownAt: 0, // when the bar for the current word appeared (for time-to-tap)
  shownStart: -1, // the replace.start of that word; -1 when no bar is up
  hideTimer: 0,
  photoMaxBytes: 8 * 1024 * 1024, // replaced by /api/health's photo_max_bytes
  photoSeq: 0, // the last photo sent; only its answer is shown
  promptShownAt: 0, // when the barcode prompt appeared; 0 when it is not up
  promptTimer: 0,
};

const chars = (s) => [...s].length;

// ---- experiment ------------------------------------------------------------------------

async function startSession() {
  const q = state.user ? `?user=${encodeURIComponent(state.user)}` : '';
  try {
    const r = await fetch(`/api/session${q}`);
    const s = await r.json();
    if (!r.ok) throw new Error(s.error || r.status);
    state.user = s.user;
    state.params = s.params;
    state.inExperiment = s.assignments.length > 0;
    const parts = s.assignments.map(
      (a) => `${a.experiment}: <b>${escapeHtml(a.variant)}</b> (bucket ${a.bucket})`);
    experimentLine.innerHTML = `user <b>${escapeHtml(s.user)}</b> · ` +
      (parts.length ? parts.join(' · ') : 'no experiment (defaults)') +
      ` · 候補 ${s.params.suggestions_enabled ? s.params.max_suggestions : 'off'}` +
      ` · 表示 ${s.params.display_ms / 1000} s`;
    experimentLine.dataset.variant = s.assignments.map((a) => a.variant).join(',');
  } catch (e) {
    experimentLine.textContent = `実験: ${e.message}`;
  }
}

function logEvent(type, fields) {
  if (!state.inExperiment) return;
  fetch('/api/event', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: state.user, type, ...fields }),
    keepalive: true,
  }).catch(() => {});
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---- asking the engine -----------------------------------------------------------------

function schedule(el) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => query(el), DEBOUNCE_MS);
}

async function query(el) {
  const text = el.value;
  const cursor = el.selectionStart ?? text.length;
  if (!state.params.suggestions_enabled || el.selectionEnd !== cursor || text === '') {
    state.seq++;
    state.controller?.abort();
    hide();
    return;
  }
  const seq = ++state.seq;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const t0 = performance.now();
  let answer;
  try {
    const r = await fetch('/api/suggest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text, cursor, field: el.dataset.field, top: state.params.max_suggestions,
        // The form being filled: the selected category leans the suggestions to its words.
        ...(categorySelect?.value ? { category: categorySelect.value } : {}),
      }),
      signal: controller.signal,
    });
    answer = await r.json();
    if (!r.ok) throw new Error(answer.error || `HTTP ${r.status}`);
  } catch (e) {
    if (e.name !== 'AbortError' && seq === state.seq) statusLine.textContent = `error: ${e.message}`;
    return;
  }
  // Stale: a newer request was sent, or the field changed and a newer one is on its way.
  if (seq !== state.seq || el.value !== text || el.selectionStart !== cursor) return;
  render(el, text, cursor, answer, performance.now() - t0);
}

// ---- the bar ---------------------------------------------------------------------------

function render(el, text, cursor, answer, ms) {
  const suggestions = answer.suggestions;
  state.answer = { el, text, cursor, suggestions };
  state.selected = -1;
  statusLine.textContent =
    `${suggestions.length} 候補 · engine ${answer.micros} µs · round trip ${ms.toFixed(1)} ms`;
  if (suggestions.length === 0) {
    hide();
    return;
  }
  bar.replaceChildren(...suggestions.map((s, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'suggestion';
    b.setAttribute('role', 'option');
    b.setAttribute('aria-selected', 'false');
    b.dataset.rank = String(i + 1);
    b.title = `${s.reading} · ${s.kind} · score ${s.score} · replaces “${s.replace.text}”`;
    const surface = document.createElement('span');
    surface.className = 'surface';
    surface.textContent = s.surface;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = s.kind;
    b.append(surface, kind);
    // Keep the focus (and the IME) in the field when the bar is clicked.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => pick(i));
    return b;
  }));
  bar.dataset.for = el.id;
  bar.dataset.text = text;
  const newWord = bar.hidden || state.shownStart !== suggestions[0].replace.start;
  bar.hidden = false;
  if (newWord) {
    state.shownAt = performance.now();
    state.shownStart = suggestions[0].replace.start;
    logEvent('shown', { field: el.dataset.field, count: suggestions.length });
    clearTimeout(state.hideTimer);
    state.hideTimer = setTimeout(hide, state.params.display_ms);
  }
}

function hide() {
  clearTimeout(state.hideTimer);
  bar.hidden = true;
  bar.replaceChildren();
  state.selected = -1;
  state.shownStart = -1;
}

function select(i) {
  const buttons = bar.querySelectorAll('.suggestion');
  state.selected = i;
  buttons.forEach((b, j) => b.setAttribute('aria-selected', String(j === i)));
  if (i >= 0) buttons[i].scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function pick(i) {
  const a = state.answer;
  const s = a?.suggestions[i];
  if (!s || bar.hidden) return;
  const el = a.el;
  if (el.value !== a.text) {
    // The spans belong to another text: never replace them in this one.
    schedule(el);
    return;
  }
  const { start, end, text: replaced } = s.replace;
  el.value = a.text.slice(0, start) + s.surface + a.text.slice(end);
  const caret = start + s.surface.length;
  el.setSelectionRange(caret, caret);
  el.focus();
  logEvent('accepted', {
    field: el.dataset.field,
    rank: i + 1,
    ms_since_shown: Math.round(performance.now() - state.shownAt),
    chars_saved: Math.max(0, chars(s.surface) - chars(replaced)),
  });
  state.seq++; // an answer still in flight is for the old text
  state.answer = null;
  hide();
  count(el);
  statusLine.textContent = `「${replaced}」→「${s.surface}」`;
}

function dismiss(el) {
  if (bar.hidden) return;
  logEvent('dismissed', {
    field: el.dataset.field,
    ms_since_shown: Math.round(performance.now() - state.shownAt),
  });
  hide();
}

// ---- wiring ----------------------------------------------------------------------------

function count(el) {
  const counter = document.getElementById(`${el.id}-count`);
  if (!counter) return;
  const limit = Number(counter.dataset.limit);
  const n = chars(el.value);
  counter.textContent = `${n} / ${limit}`;
  counter.classList.toggle('over', n > limit);
}

function onKey(e, el) {
  // While an IME composes, the keys are its own (Enter commits the composition).
  if (e.isComposing || e.keyCode === 229) return;
  const open = !bar.hidden && state.answer?.el === el;
  const n = open ? state.answer.suggestions.length : 0;
  if (e.key === 'Enter' && el.tagName === 'INPUT') e.preventDefault(); // no form submission
  if (!open || n === 0) return;
  switch (e.key) {
    case 'ArrowDown':
      if (state.selected < 0) select(0);
      e.preventDefault();
      break;
    case 'ArrowUp':
      if (state.selected >= 0) {
        select(-1);
        e.preventDefault();
      }
      break;
    case 'ArrowRight':
    case 'ArrowLeft':
      if (state.selected >= 0) {
        const step = e.key === 'ArrowRight' ? 1 : n - 1;
        select((state.selected + step) % n);
        e.preventDefault();
      }
      break;
    case 'Enter':
      if (state.selected >= 0) {
        e.preventDefault();
        pick(state.selected);
      }
      break;
    case 'Escape':
      e.preventDefault();
      dismiss(el);
      break;
    default:
  }
}

for (const el of document.querySelectorAll('[data-field]')) {
  el.addEventListener('input', () => {
    count(el);
    schedule(el);
  });
  // Composition: react to each update of the composing text, and to its commit.
  el.addEventListener('compositionupdate', () => schedule(el));
  el.addEventListener('compositionend', () => schedule(el));
  el.addEventListener('keydown', (e) => onKey(e, el));
  el.addEventListener('keyup', (e) => {
    const moved = ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key);
    if (moved && state.selected < 0) schedule(el);
  });
  el.addEventListener('click', () => schedule(el));
  el.addEventListener('focus', () => {
    box.hidden = false;
    el.closest('.field').after(box);
    schedule(el);
  });
  el.addEventListener('blur', () => {
    state.seq++;
    hide();
  });
}

// ---- the photo and the barcode prompt ----------------------------------------------------

async function startPhotos() {
  try {
    const r = await fetch('/api/health');
    const h = await r.json();
    if (!r.ok) throw new Error(h.error || `HTTP ${r.status}`);
    state.photoMaxBytes = h.photo_max_bytes;
    if (!h.media_model) modelStatus.textContent = '画像モデル: なし (ichiba serve --media-model で有効)';
  } catch (e) {
    modelStatus.textContent = `画像モデル: ${e.message}`;
  }
}

function megabytes(n) {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function showPhotoError(message) {
  photoError.textContent = message;
  photoError.hidden = false;
}

async function sendPhoto(file) {
  if (!file) return;
  const seq = ++state.photoSeq;
  closePrompt('dismissed'); // a new photo replaces the one the prompt was about
  photoError.hidden = true;
  if (file.size > state.photoMaxBytes) {
    showPhotoError(`写真が大きすぎます (${megabytes(file.size)})。` +
      `${megabytes(state.photoMaxBytes)} までの JPEG か PNG を選んでください。`);
    return;
  }
  photoDrop.classList.add('busy');
  modelStatus.textContent = '画像モデル: 判定中…';
  const t0 = performance.now();
  let answer;
  try {
    const q = state.user ? `?user=${encodeURIComponent(state.user)}` : '';
    const r = await fetch(`/api/photo${q}`, {
      method: 'POST',
      headers: { 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
    answer = await r.json();
    if (!r.ok) throw new Error(answer.error || `HTTP ${r.status}`);
  } catch (e) {
    if (seq !== state.photoSeq) return;
    photoDrop.classList.remove('busy');
    showPhotoError(`この写真は使えません: ${e.message}`);
    modelStatus.textContent = '画像モデル: 判定できませんでした';
    return;
  }
  if (seq !== state.photoSeq) return;
  photoDrop.classList.remove('busy');
  if (photoPreview.src) URL.revokeObjectURL(photoPreview.src);
  photoPreview.src = URL.createObjectURL(file);
  photoPreview.hidden = false;
  const top = answer.top5[0];
  modelStatus.textContent =
    `画像モデル: media score ${answer.media_score.toFixed(3)} ` +
    `(しきい値 ${answer.threshold}) · ${answer.is_media ? '本・CD・DVD・ゲーム' : 'その他'} · ` +
    `model ${answer.model_ms.toFixed(1)} ms · round trip ${(performance.now() - t0).toFixed(0)} ms · ` +
    `top-1 ${top ? `${top.name} ${top.probability.toFixed(2)}` : '-'}`;
  modelStatus.dataset.score = String(answer.media_score);
  modelStatus.dataset.modelMs = String(answer.model_ms);
  if (answer.prompt) showPrompt(answer.prompt, answer.media_score);
}

function showPrompt(p, score) {
  promptText.textContent = p.text;
  prompt.dataset.copy = p.copy;
  prompt.dataset.displayMs = String(p.display_ms);
  prompt.hidden = false;
  state.promptShownAt = performance.now();
  logEvent('prompt_shown', { score });
  // The bar drains over the display time, then the prompt expires.
  promptTimerBar.style.transition = 'none';
  promptTimerBar.style.transform = 'scaleX(1)';
  void promptTimerBar.offsetWidth; // restart the transition
  promptTimerBar.style.transition = `transform ${p.display_ms}ms linear`;
  promptTimerBar.style.transform = 'scaleX(0)';
  clearTimeout(state.promptTimer);
  state.promptTimer = setTimeout(() => closePrompt('expired'), p.display_ms);
}

// `how`: 'tapped', 'dismissed' or 'expired'; logs prompt_<how> if the prompt was up.
function closePrompt(how) {
  if (!state.promptShownAt) return;
  const ms = Math.max(0, Math.round(performance.now() - state.promptShownAt));
  clearTimeout(state.promptTimer);
  state.promptShownAt = 0;
  prompt.hidden = true;
  logEvent(`prompt_${how}`, how === 'expired' ? {} : { ms_since_shown: ms });
}

photoInput.addEventListener('change', () => {
  sendPhoto(photoInput.files[0]);
  photoInput.value = ''; // the same file picked again is a new upload
});
photoDrop.addEventListener('dragover', (e) => {
  e.preventDefault();
  photoDrop.classList.add('dragging');
});
photoDrop.addEventListener('dragleave', () => photoDrop.classList.remove('dragging'));
photoDrop.addEventListener('drop', (e) => {
  e.preventDefault();
  photoDrop.classList.remove('dragging');
  sendPhoto(e.dataTransfer?.files?.[0]);
});
// A photo dropped beside the drop zone must not make the browser leave the form to show it.
for (const type of ['dragover', 'drop']) {
  document.addEventListener(type, (e) => {
    if (!photoDrop.contains(e.target)) e.preventDefault();
  });
}
document.getElementById('prompt-scan').addEventListener('click', () => {
  closePrompt('tapped');
  statusLine.textContent = 'バーコード読み取り (デモ: カメラは起動しません)';
});
document.getElementById('prompt-close').addEventListener('click', () => closePrompt('dismissed'));

document.getElementById('listing').addEventListener('submit', (e) => e.preventDefault());
startSession();
startPhotos();
