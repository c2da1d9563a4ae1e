// A real browser (Debian's Chromium, driven by playwright-core) against a default server (issue 7,
// item 10): a page served from a foreign origin cannot use the server — no WebSocket, no readable
// fetch, no "simple" form POST that changes the database — while a page served from
// http://localhost:<port> (a Vite dev server, say) can.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { startServer } from './lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let duckwire;
let browser;
const pages = [];

// A tiny web server for the page under test; bound to `address`, reached by the browser as `host`.
async function servePage(address, host) {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>page</title>');
  });
  await new Promise((resolve) => server.listen(0, address, resolve));
  pages.push(server);
  return `http://${host}:${server.address().port}/`;
}

async function openPage(url) {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

// Runs in the page: what a SQLRooms/Mosaic app does against the server.
async function useServer(page, serverUrl) {
  return page.evaluate(async (base) => {
    const outcome = {};
    try {
      const response = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'json', sql: 'SELECT 42 AS x' }),
      });
      outcome.fetch = await response.json();
    } catch (error) {
      outcome.fetch = `failed: ${error.message}`;
    }
    outcome.websocket = await new Promise((resolve) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/`);
      socket.onopen = () => socket.send(JSON.stringify({ type: 'json', sql: 'SELECT 42 AS x', queryId: 'q' }));
      socket.onmessage = (event) => {
        resolve(JSON.parse(JSON.parse(event.data).data));
        socket.close();
      };
      socket.onerror = () => resolve('failed');
    });
    return outcome;
  }, serverUrl);
}

// A form-encoded "simple" POST (no preflight), as <form method=post> or fetch(no-cors) sends it.
async function simplePost(page, serverUrl, table) {
  await page.evaluate(
    async ([base, name]) => {
      await fetch(`${base}/sql`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `q=${encodeURIComponent(`CREATE TABLE ${name} (x INT)`)}`,
      }).catch(() => {});
    },
    [serverUrl, table],
  );
}

// Asked by a client that is no browser, which is always served.
async function tableExists(name) {
  const response = await fetch(`${duckwire.httpUrl}sql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ q: 'SELECT count(*) FROM information_schema.tables WHERE table_name = ?', p: [name] }),
  });
  assert.equal(response.status, 200);
  return (await response.json())[0][0] === 1;
}

before(async () => {
  duckwire = await startServer();
  // rebind.test stands for an attacker's domain whose DNS answer has been switched to 127.0.0.1.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
  });
});

after(async () => {
  await browser?.close();
  for (const server of pages) server.close();
  await duckwire?.stop();
});

test('a page from another origin can neither read results, open a WebSocket nor write', async () => {
  const page = await openPage(await servePage('127.0.0.2', '127.0.0.2'));
  const serverUrl = `http://127.0.0.1:${duckwire.port}`;
  const outcome = await useServer(page, serverUrl);
  assert.match(String(outcome.fetch), /^failed: /);
  assert.equal(outcome.websocket, 'failed');
  await simplePost(page, serverUrl, 'pwned_by_page');
  assert.equal(await tableExists('pwned_by_page'), false);
  await page.close();
});

test('a page from http://localhost:<port> uses the server', async () => {
  const page = await openPage(await servePage('127.0.0.1', 'localhost'));
  const serverUrl = `http://127.0.0.1:${duckwire.port}`;
  assert.deepEqual(await useServer(page, serverUrl), { fetch: [{ x: 42 }], websocket: [{ x: 42 }] });
  await simplePost(page, serverUrl, 'made_by_local_page');
  assert.equal(await tableExists('made_by_local_page'), true);
  await page.close();
});

test('a page whose domain was rebound to 127.0.0.1 cannot use the server, not even same-origin', async () => {
  const rebound = `http://rebind.test:${duckwire.port}`;
  const page = await browser.newPage();
  const landing = await page.goto(`${rebound}/healthz`);
  assert.equal(landing.status(), 403);
  const outcome = await useServer(page, rebound);
  assert.equal(outcome.websocket, 'failed');
  assert.match(JSON.stringify(outcome.fetch), /host not allowed|failed/);
  await simplePost(page, rebound, 'pwned_by_rebinding');
  assert.equal(await tableExists('pwned_by_rebinding'), false);
  await page.close();
});
