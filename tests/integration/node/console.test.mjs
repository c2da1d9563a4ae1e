// The web console at /ui in a real browser (Debian's Chromium, driven by playwright-core): it loads
// from the server with nothing else, runs a query through /ws with a moving progress bar and rows
// arriving in chunks, cancels a long query, shows live events, downloads CSV and Parquet (read back
// with hyparquet) through /sql, and asks for a token when the server wants one (and sends it with
// downloads). A screenshot is written to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetReadObjects } from 'hyparquet';
import { chromium } from 'playwright-core';
import { startServer } from './lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ARTIFACTS = process.env.DUCKWIRE_TEST_ARTIFACTS ?? join(repo, 'build', 'test-artifacts');

let duckwire;
let browser;

async function sql(server, q, headers = {}) {
  const response = await fetch(`${server.httpUrl}sql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify({ q }),
  });
  assert.ok(response.ok, `${response.status} ${await response.clone().text()}`);
  return response.json();
}

async function openConsole(server) {
  const page = await browser.newPage({ acceptDownloads: true });
  const failures = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('requestfailed', (request) => failures.push(`${request.url()}: ${request.failure()?.errorText}`));
  await page.goto(`${server.httpUrl}ui`);
  return { page, failures };
}

// What the browser saved when `button` was clicked: its suggested name and bytes.
async function downloadWith(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

async function parquetRows(bytes) {
  assert.equal(bytes.subarray(0, 4).toString(), 'PAR1');
  assert.equal(bytes.subarray(-4).toString(), 'PAR1');
  return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
}

async function runInConsole(page, text) {
  await page.fill('#sql', text);
  await page.click('#run');
}

before(async () => {
  duckwire = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  // A real table: DuckDB reports progress for table scans (range() itself reports 0 throughout).
  await sql(duckwire, 'CREATE TABLE big AS SELECT range AS i, range % 1009 AS k FROM range(20000000)');
});

after(async () => {
  await browser?.close();
  await duckwire?.stop();
});

test('the console runs a query and shows its rows as they arrive', async () => {
  const { page, failures } = await openConsole(duckwire);
  await page.waitForSelector('#connection.online');
  await runInConsole(page, 'SELECT n, n * 2 AS twice, \'row \' || n AS label FROM range(2500) t(n)');
  await page.waitForFunction(() => /2,500 rows in/.test(document.querySelector('#status').textContent));
  assert.deepEqual(await page.$$eval('#rows thead th', (cells) => cells.map((cell) => cell.firstChild.textContent)),
                   ['n', 'twice', 'label']);
  assert.equal(await page.$$eval('#rows tbody tr', (rows) => rows.length), 2500);
  assert.deepEqual(await page.$$eval('#rows tbody tr:last-child td', (cells) => cells.map((cell) => cell.textContent)),
                   ['2499', '4998', 'row 2499']);
  assert.equal(await page.$eval('#progress', (bar) => bar.value), 100);
  assert.deepEqual(failures, []);
  await page.close();
});

test('the progress bar moves while a long query runs, and the schema shows the table', async () => {
  const { page } = await openConsole(duckwire);
  await page.waitForSelector('#connection.online');
  await page.waitForFunction(() => [...document.querySelectorAll('#schema summary')].some((s) => s.textContent === 'big'));
  const seen = [];
  await page.exposeFunction('recordProgress', (value) => seen.push(value));
  await page.evaluate(() => {
    const bar = document.querySelector('#progress');
    const poll = setInterval(() => {
      window.recordProgress(bar.value);
      if (/rows in/.test(document.querySelector('#status').textContent)) clearInterval(poll);
    }, 20);
  });
  await runInConsole(page, 'SELECT k, count(*) AS n, sum(length(md5(i::VARCHAR))) AS m FROM big GROUP BY k ORDER BY k');
  await page.waitForFunction(() => /1,009 rows in/.test(document.querySelector('#status').textContent),
                             null, { timeout: 120_000 });
  const moving = seen.filter((value) => value > 0 && value < 100);
  assert.ok(moving.length >= 1, `no progress between 0 and 100 was shown: ${seen.join(',')}`);
  assert.equal(await page.$$eval('#rows tbody tr', (rows) => rows.length), 1009);
  await page.close();
});

test('Cancel stops a long query and the console says so', async () => {
  const { page } = await openConsole(duckwire);
  await page.waitForSelector('#connection.online');
  await runInConsole(page, 'SELECT count(*) FROM big a, big b WHERE a.i + b.i = -1');
  await page.waitForFunction(() => !document.querySelector('#cancel').disabled);
  await page.waitForTimeout(300);
  await page.click('#cancel');
  await page.waitForFunction(() => /failed after/.test(document.querySelector('#status').textContent),
                             null, { timeout: 30_000 });
  assert.match(await page.textContent('#error'), /cancel/i);
  assert.equal(await page.$eval('#run', (button) => button.disabled), false);
  await page.close();
});

test('live events arrive, CSV and Parquet download, and a screenshot is kept', async () => {
  const { page } = await openConsole(duckwire);
  await page.waitForSelector('#connection.online');
  await sql(duckwire, 'SELECT 42 AS from_another_client');
  await page.waitForFunction(() => [...document.querySelectorAll('#events li')]
    .some((item) => /query_completed/.test(item.textContent) && /from_another_client/.test(item.textContent)));
  await runInConsole(page, 'SELECT 1 AS a, \'x,y\' AS b UNION ALL SELECT 2, NULL ORDER BY a');
  await page.waitForFunction(() => /2 rows in/.test(document.querySelector('#status').textContent));
  const csv = await downloadWith(page, '#download-csv');
  assert.equal(csv.name, 'result.csv');
  assert.equal(csv.bytes.toString(), 'a,b\r\n1,"x,y"\r\n2,\r\n');
  const parquet = await downloadWith(page, '#download-parquet');
  assert.equal(parquet.name, 'result.parquet');
  assert.deepEqual(await parquetRows(parquet.bytes), [{ a: 1, b: 'x,y' }, { a: 2, b: null }]);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
  await page.close();
});

test('a server with a token makes the console ask for it', async () => {
  const guarded = await startServer(['--auth-token', 'console-secret']);
  try {
    const { page } = await openConsole(guarded);
    await page.waitForSelector('#login:not([hidden])');
    await page.fill('#login-token', 'wrong');
    await page.click('#login button[type=submit]');
    await page.waitForFunction(() => /refused/.test(document.querySelector('#login-error').textContent));
    await page.fill('#login-token', 'console-secret');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#connection.online');
    await runInConsole(page, 'SELECT 7 AS seven');
    await page.waitForFunction(() => /1 rows in/.test(document.querySelector('#status').textContent));
    assert.equal(await page.textContent('#rows tbody td'), '7');
    const parquet = await downloadWith(page, '#download-parquet');
    assert.deepEqual(await parquetRows(parquet.bytes), [{ seven: 7 }]);
    await page.close();
  } finally {
    await guarded.stop();
  }
});
