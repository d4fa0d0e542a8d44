// End-to-end: the listing form's photo area in headless Chromium, with the real image model
// (EfficientNet-Lite0, crates/ichiba-media) and the project's golden test photos (page.png, a
// scanned book page; coffee.png), both fetched and sha256-checked by
// crates/ichiba-media/models/fetch_lite0.sh and crates/ichiba-media/tests/media/fetch_images.sh
// (scripts/test runs them first).
//
//   ICHIBA_BIN=target/debug/ichiba ICHIBA_MEDIA_MODEL=… ICHIBA_MEDIA_IMAGES=… node --test tests/web/
//
// ICHIBA_MEDIA_MODEL / ICHIBA_MEDIA_IMAGES default to crates/ichiba-media/models/build/. Without
// the browser, the model or the photos the tests are skipped, unless CI is set: then they
// fail. The prompt's screenshot goes to tests/web/out/photo-prompt.png, and also to
// docs/photo-prompt-screenshot.png when ICHIBA_UPDATE_SCREENSHOT=1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = process.env.ICHIBA_BIN || join(root, 'target/debug/ichiba');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const build = join(root, 'crates/ichiba-media/models/build');
const modelPath = process.env.ICHIBA_MEDIA_MODEL || join(build, 'efficientnet_lite0.onnx');
const imagesDir = process.env.ICHIBA_MEDIA_IMAGES || join(build, 'images');
const missing = [browserPath, modelPath, join(imagesDir, 'page.png'), join(imagesDir, 'coffee.png')]
  .filter((p) => !existsSync(p));
if (missing.length && process.env.CI) {
  throw new Error(`missing ${missing.join(', ')} and CI is set: the photo tests must run ` +
    '(crates/ichiba-media/models/fetch_lite0.sh, crates/ichiba-media/tests/media/fetch_images.sh)');
}
const TIMEOUT = 20_000; // a debug build's first classification is slower

// The demo's barcode-prompt experiment (src/cmd/serve/session.rs): user-1 is in bucket 9919,
// the 8-second prompt saying what scanning does; user-2 in bucket 2891, the original 4-second
// prompt naming the categories (buckets: SHA-256 of "barcode-prompt-2026-12:USER").
const REGISTER = '商品のバーコードを読み取ると出品に必要な情報を登録できます';
const CATEGORIES = '本・CD/DVD・ゲームの場合はバーコードで出品できます';

let server;
let baseUrl;
let browser;
let eventsFile;

function startServer(events) {
  assert.ok(existsSync(bin), `${bin} does not exist: build it (cargo build) or set ICHIBA_BIN`);
  server = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--events', events,
    '--media-model', modelPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) ok(m[1]);
    });
    server.on('exit', (code) => fail(new Error(`ichiba serve exited with ${code}`)));
    // unref: a pending timer must not keep node running after the tests.
    setTimeout(() => fail(new Error('ichiba serve did not start in 60 s')), 60_000).unref();
  });
}

async function openForm(user) {
  const page = await browser.newPage({ viewport: { width: 420, height: 860 } });
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.errors = errors;
  await page.goto(`${baseUrl}?user=${encodeURIComponent(user)}`);
  await page.locator('#experiment[data-variant]').waitFor();
  return page;
}

function outFile(name) {
  mkdirSync(join(here, 'out'), { recursive: true });
  return join(here, 'out', name);
}

const photo = (name) => join(imagesDir, name);

/** Picks `file` (a path, or {name, mimeType, buffer}) with the file picker; waits for the
 * server's answer or the page's error. */
async function upload(page, file) {
  const answered = page.waitForResponse((r) => r.url().includes('/api/photo')).catch(() => null);
  await page.locator('#photo-input').setInputFiles(file);
  return answered;
}

/** Drops the file at `path` on the photo area, as a drag from the desktop does. */
async function drop(page, path, type) {
  const answered = page.waitForResponse((r) => r.url().includes('/api/photo'));
  const base64 = readFileSync(path).toString('base64');
  await page.evaluate(({ base64, type }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'dropped.png', { type }));
    const zone = document.getElementById('photo-drop');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, { base64, type });
  return answered;
}

/** The event log's lines of `type` for `user`, waiting up to `tries` × 0.1 s for one. */
async function events(user, type, tries = 50) {
  for (let i = 0; i < tries; i++) {
    const lines = readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      .filter((e) => e.user === user && e.type === type);
    if (lines.length) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

describe('the listing photo and the barcode prompt in Chromium',
  { skip: missing.length > 0 && `missing ${missing.join(', ')}` }, () => {
    before(async () => {
      eventsFile = join(mkdtempSync(join(tmpdir(), 'ichiba-photo-')), 'events.jsonl');
      baseUrl = await startServer(eventsFile);
      browser = await chromium.launch({
        executablePath: browserPath,
        args: [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
      });
    });

    after(async () => {
      await browser?.close();
      server?.kill();
    });

    test('the book page shows the variant\'s prompt; a tap logs prompt_tapped', async () => {
      const page = await openForm('user-1');
      assert.match(await page.locator('#experiment').textContent(),
        /barcode-prompt: prompt-8s-register \(bucket 9919\)/);
      const r = await upload(page, photo('page.png'));
      assert.equal(r.status(), 200);
      const prompt = page.locator('#barcode-prompt');
      await prompt.waitFor({ state: 'visible' });
      assert.equal(await page.locator('#prompt-text').textContent(), REGISTER);
      assert.equal(await prompt.getAttribute('data-display-ms'), '8000');
      // The footer: the model's score and latency.
      const status = page.locator('#model-status');
      assert.match(await status.textContent(), /media score 0\.\d{3} .* model \d+\.\d ms/);
      assert.ok(Number(await status.getAttribute('data-score')) >= 0.1);
      // The button looks like one: a filled, rounded, finger-sized control.
      const scan = page.locator('#prompt-scan');
      const look = await scan.evaluate((el) => {
        const s = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return { bg: s.backgroundColor, color: s.color, radius: parseFloat(s.borderTopLeftRadius),
          height: box.height, width: box.width, tag: el.tagName };
      });
      assert.equal(look.tag, 'BUTTON');
      assert.notEqual(look.bg, 'rgba(0, 0, 0, 0)', 'filled');
      assert.notEqual(look.bg, look.color);
      assert.ok(look.height >= 40 && look.width >= 200 && look.radius >= 8, JSON.stringify(look));
      const shot = outFile('photo-prompt.png');
      await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 420, height: 520 } });
      if (process.env.ICHIBA_UPDATE_SCREENSHOT === '1') {
        copyFileSync(shot, join(root, 'docs', 'photo-prompt-screenshot.png'));
      }
      await page.waitForTimeout(300);
      await scan.click();
      await prompt.waitFor({ state: 'hidden' });

      const [shown] = await events('user-1', 'prompt_shown');
      assert.ok(shown, 'prompt_shown logged');
      assert.equal(shown.experiment, 'barcode-prompt');
      assert.equal(shown.variant, 'prompt-8s-register');
      assert.ok(shown.score >= 0.1 && shown.score <= 1, JSON.stringify(shown));
      const [tapped] = await events('user-1', 'prompt_tapped');
      assert.ok(tapped, 'prompt_tapped logged');
      assert.equal(tapped.variant, 'prompt-8s-register');
      assert.ok(tapped.ms_since_shown >= 300 && tapped.ms_since_shown < 8000,
        JSON.stringify(tapped));
      // Ids and numbers only: no image data in any event.
      for (const line of readFileSync(eventsFile, 'utf8').trim().split('\n')) {
        assert.ok(line.length < 200, line);
        assert.deepEqual(Object.keys(JSON.parse(line)).filter((k) =>
          !['ts', 'user', 'experiment', 'variant', 'type', 'score', 'ms_since_shown'].includes(k)),
        [], line);
      }
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test('dropped on the photo area, the other variant\'s prompt expires after 4 s', async () => {
      const page = await openForm('user-2');
      assert.match(await page.locator('#experiment').textContent(),
        /barcode-prompt: prompt-4s-categories \(bucket 2891\)/);
      const r = await drop(page, photo('page.png'), 'image/png');
      assert.equal(r.status(), 200);
      const prompt = page.locator('#barcode-prompt');
      await prompt.waitFor({ state: 'visible' });
      assert.equal(await page.locator('#prompt-text').textContent(), CATEGORIES);
      assert.equal(await prompt.getAttribute('data-display-ms'), '4000');
      const t0 = Date.now();
      await prompt.waitFor({ state: 'hidden', timeout: 8000 });
      const waited = Date.now() - t0;
      assert.ok(waited > 3000, `expired after ${waited} ms`);
      const [expired] = await events('user-2', 'prompt_expired');
      assert.ok(expired, 'prompt_expired logged');
      assert.equal(expired.variant, 'prompt-4s-categories');
      assert.deepEqual(await events('user-2', 'prompt_tapped', 1), []);
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test('the coffee photo shows no prompt; the × dismisses a prompt', async () => {
      const page = await openForm('user-3');
      const r = await upload(page, photo('coffee.png'));
      assert.equal(r.status(), 200);
      const status = page.locator('#model-status');
      await page.waitForFunction(() => document.getElementById('model-status').dataset.score);
      assert.ok(Number(await status.getAttribute('data-score')) < 0.1);
      assert.match(await status.textContent(), /その他 .* top-1 espresso 0\.9\d/);
      await page.waitForTimeout(500);
      assert.equal(await page.locator('#barcode-prompt').isHidden(), true);
      assert.equal(await page.locator('#photo-preview').isVisible(), true);

      await upload(page, photo('page.png'));
      await page.locator('#barcode-prompt').waitFor({ state: 'visible' });
      await page.locator('#prompt-close').click();
      await page.locator('#barcode-prompt').waitFor({ state: 'hidden' });
      const [dismissed] = await events('user-3', 'prompt_dismissed');
      assert.ok(dismissed && dismissed.ms_since_shown >= 0, 'prompt_dismissed logged');
      assert.equal((await events('user-3', 'prompt_shown', 1)).length, 1, 'coffee: no prompt_shown');
      await page.close();
    });

    test('an oversized or non-image upload gets a clear error; the page keeps working', async () => {
      const page = await openForm('user-1');
      const error = page.locator('#photo-error');

      // Over the limit: refused by the page before uploading, with the sizes.
      const big = Buffer.alloc(9 * 1024 * 1024, 0x89);
      await page.locator('#photo-input').setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: big });
      await error.waitFor({ state: 'visible' });
      assert.match(await error.textContent(), /写真が大きすぎます \(9\.0 MB\)。8\.0 MB までの JPEG か PNG/);

      // Not an image: the server reads the bytes, not the name, and says what is wrong.
      const r = await upload(page,
        { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not a photo') });
      assert.equal(r.status(), 422);
      await page.waitForFunction(() =>
        document.getElementById('photo-error').textContent.includes('この写真は使えません'));
      assert.match(await error.textContent(), /JPEG or PNG only/);
      assert.equal(await page.locator('#barcode-prompt').isHidden(), true);

      // Still working: a good photo clears the error and prompts; the suggestion bar works.
      await upload(page, photo('page.png'));
      await page.locator('#barcode-prompt').waitFor({ state: 'visible' });
      assert.equal(await error.isHidden(), true);
      await page.locator('#title').click();
      await page.keyboard.type('しゅぷ', { delay: 30 });
      await page.locator('#bar .suggestion', { hasText: 'シュプリーム' }).first().waitFor();
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  });
