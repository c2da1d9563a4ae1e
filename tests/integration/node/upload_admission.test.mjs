// Arrow uploads (`uploadArrow`) take turns in fair admission like the connection's queries (issue 7,
// item 6): a connection at its running limit waits for its place before an upload creates its table,
// so one connection's uploads can never take every worker, and other clients are served meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { startServer } from './lib/server.mjs';
import { WsClient, uploadFrame } from './lib/ws_client.mjs';

// Runs for minutes; only ever ended by a cancel.
const ENDLESS_QUERY = 'select sum(x) from generate_series(1, 100000000000) t(x)';
const UPLOADS = ['u1', 'u2', 'u3'];

let server;
const open = [];
async function connect() {
  const client = await WsClient.connect(server.wsUrl);
  open.push(client);
  return client;
}

async function gauge(name) {
  const text = await (await fetch(`${server.httpUrl}metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`duckwire_${name}{protocol="sqlrooms"} `));
  return Number(line.split(' ')[1]);
}

async function waitForGauges(running, queued) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const seen = [await gauge('statements_running'), await gauge('statements_queued')];
    if (seen[0] === running && seen[1] === queued) return;
    assert.ok(Date.now() < deadline, `running/queued stayed ${seen}, expected ${[running, queued]}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function tableCount(client, id) {
  const reply = await client.request({
    type: 'json',
    queryId: id,
    sql: "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name IN ('u1', 'u2', 'u3')",
  });
  assert.equal(reply.json?.type, 'json', reply.text);
  return JSON.parse(reply.json.data)[0].n;
}

before(async () => {
  server = await startServer(['--threads', '2', '--max-running-per-connection', '1']);
});
after(async () => {
  await Promise.all(open.map((c) => c.close().catch(() => {})));
  const { code } = await server.stop();
  assert.equal(code, 0);
});

test("a connection's uploads wait for its turn while another client is served", async () => {
  const uploader = await connect();
  const healthy = await connect();
  uploader.send({ type: 'json', queryId: 'long', sql: ENDLESS_QUERY });
  await waitForGauges(1, 0);

  const ipc = tableToIPC(tableFromArrays({ a: Int32Array.from([1, 2, 3]) }), 'stream');
  for (const name of UPLOADS) uploader.send(uploadFrame({ type: 'uploadArrow', queryId: name, tableName: name }, ipc));
  // The uploads queue behind the connection's running query instead of taking the idle worker.
  await waitForGauges(1, UPLOADS.length);
  assert.equal(await tableCount(healthy, 'before'), 0);
  const answer = await healthy.request({ type: 'json', queryId: 'h', sql: 'SELECT 42 AS answer' });
  assert.deepEqual(JSON.parse(answer.json.data), [{ answer: 42 }]);
  await waitForGauges(1, UPLOADS.length);

  uploader.send({ type: 'cancel', queryId: 'long' });
  assert.deepEqual((await uploader.json((m) => m.type === 'cancelAck')), { type: 'cancelAck', queryId: 'long', cancelled: true });
  for (const name of UPLOADS) {
    assert.deepEqual((await uploader.reply(name)).json, { type: 'uploadAck', queryId: name, tableName: name, rows: 3 });
  }
  assert.equal(await tableCount(healthy, 'after'), UPLOADS.length);
  await waitForGauges(0, 0);
});
