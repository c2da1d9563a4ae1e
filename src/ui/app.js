// duckwire's web console: runs SQL through /ws (streamed chunks, progress, cancel), browses the schema,
// shows live events, and downloads the last result through /sql. Plain JavaScript, no dependencies.
'use strict';

const MAX_SHOWN_ROWS = 10000;  // rows drawn in the table; the count covers them all
const MAX_EVENTS = 200;
// Tables and views the user made (the server's own catalog for PostgreSQL clients left out).
const SCHEMA_SQL = `SELECT CASE WHEN database_name IN (current_database(), 'temp') THEN schema_name
                                ELSE database_name || '.' || schema_name END AS schema_name,
         table_name, column_name, data_type
  FROM duckdb_columns()
  WHERE NOT internal AND database_name NOT IN ('system', 'duckwire_catalog')
  ORDER BY 1, table_name, column_index`;
const SCHEMA_QUERY_PREFIX = 'ui-schema-';

const $ = (id) => document.getElementById(id);
const state = {
  socket: null,
  credentials: JSON.parse(sessionStorage.getItem('duckwire-credentials') || 'null'),
  running: null,      // {id, started, rows, chunks, timer}
  lastSql: null,      // the last query that succeeded, for downloads
  schemaQuery: null,  // {id, rows}
  nextId: 1,
  signedIn: false,
};

function authorization() {
  const c = state.credentials;
  if (!c) return {};
  if (c.token) return { Authorization: `Bearer ${c.token}` };
  return { Authorization: `Basic ${btoa(`${c.user}:${c.password}`)}` };
}

function wsAuthData() {
  const c = state.credentials;
  return c.token ? { token: c.token } : { user: c.user, password: c.password };
}

function setConnection(text, kind) {
  const badge = $('connection');
  badge.textContent = text;
  badge.className = `badge ${kind}`;
}

function send(type, data) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify({ type, data }));
    return true;
  }
  return false;
}

function showLogin(message) {
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  setConnection('sign-in needed', 'offline');
}

// The socket asks first: with a token or user when we hold one, else by subscribing to the live events,
// which a server with authentication refuses until it knows who asks. Asking /sql instead would make
// the browser pop up its own password dialog (the server answers 401 with a Basic challenge).
function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/ws`);
  state.socket = socket;
  state.signedIn = false;
  setConnection('connecting…', '');
  socket.onopen = () => (state.credentials ? send('auth', wsAuthData()) : subscribe());
  socket.onmessage = (event) => handle(JSON.parse(event.data));
  socket.onclose = () => {
    setConnection('disconnected', 'offline');
    if (state.running) finish('the connection closed');
    if (state.socket === socket) {
      state.socket = null;
      setTimeout(connect, 2000);
    }
  };
}

function subscribe() {
  send('subscribe', { events: ['query_completed', 'schedule_executed'] });
}

function signedIn() {
  state.signedIn = true;
  $('login').hidden = true;
  setConnection('connected', 'online');
  loadSchema();
}

function handleBeforeSignIn(message) {
  if (message.type === 'auth_ok') return subscribe();
  if (message.type === 'subscribed') return signedIn();
  if (message.type !== 'error') return undefined;
  const refused = state.credentials !== null;
  state.credentials = null;
  sessionStorage.removeItem('duckwire-credentials');
  return showLogin(refused ? 'Those credentials were refused.' : '');
}

function handle(message) {
  if (!state.signedIn) return handleBeforeSignIn(message);
  const data = message.data || {};
  if (state.schemaQuery && data.query_id === state.schemaQuery.id) return handleSchema(message.type, data);
  switch (message.type) {
    case 'query_start':
      break;
    case 'query_progress':
      if (isRunning(data)) $('progress').value = Math.max($('progress').value, data.progress);
      break;
    case 'query_result':
      if (isRunning(data)) {
        showHeader(data.columns, data.types);
        addRows(data.rows);
        finish(null, data.total_rows, data.execution_time_ms);
      }
      break;
    case 'result_chunk':
      if (isRunning(data)) {
        if (data.columns) showHeader(data.columns, data.types);
        addRows(data.rows);
        state.running.chunks += 1;
      }
      break;
    case 'result_complete':
      if (isRunning(data)) finish(null, data.total_rows, data.execution_time_ms);
      break;
    case 'error':
      if (isRunning(data) || !data.query_id) {
        if (state.running) finish(data.error || data.message);
        else showError(data.error || data.message);
      }
      break;
    case 'query_completed':
      if (!String(data.query_id ?? '').startsWith(SCHEMA_QUERY_PREFIX)) addEvent(message.type, data);
      break;
    case 'schedule_executed':
      addEvent(message.type, data);
      break;
    default:
      break;
  }
}

function isRunning(data) {
  return state.running && data.query_id === state.running.id;
}

function showError(text) {
  $('error').hidden = !text;
  $('error').textContent = text || '';
}

function showHeader(columns, types) {
  const row = document.createElement('tr');
  columns.forEach((name, i) => {
    const th = document.createElement('th');
    th.textContent = name;
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = types ? types[i] : '';
    th.appendChild(type);
    row.appendChild(th);
  });
  $('rows').tHead.replaceChildren(row);
}

function addRows(rows) {
  const body = $('rows').tBodies[0];
  const fragment = document.createDocumentFragment();
  for (const values of rows) {
    state.running.rows += 1;
    if (state.running.rows > MAX_SHOWN_ROWS) continue;
    const tr = document.createElement('tr');
    for (const value of values) {
      const td = document.createElement('td');
      if (value === null) {
        td.textContent = 'NULL';
        td.className = 'null';
      } else {
        td.textContent = typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      tr.appendChild(td);
    }
    fragment.appendChild(tr);
  }
  body.appendChild(fragment);
  updateStatus();
}

function updateStatus() {
  const run = state.running;
  if (!run) return;
  const seconds = ((performance.now() - run.started) / 1000).toFixed(1);
  $('status').textContent = `running · ${seconds} s · ${run.rows.toLocaleString()} rows`;
}

function run() {
  const sql = $('sql').value.trim();
  if (!sql || state.running) return;
  const id = `ui-${Date.now()}-${state.nextId++}`;
  $('rows').tHead.replaceChildren();
  $('rows').tBodies[0].replaceChildren();
  showError(null);
  $('progress').value = 0;
  state.running = { id, sql, started: performance.now(), rows: 0, chunks: 0, timer: setInterval(updateStatus, 100) };
  $('run').disabled = true;
  $('cancel').disabled = false;
  if (!send('query', { sql, query_id: id, chunk_rows: 1000 })) finish('not connected to the server');
}

function cancel() {
  if (state.running) send('cancel', { query_id: state.running.id });
}

function finish(error, totalRows, milliseconds) {
  const run = state.running;
  clearInterval(run.timer);
  state.running = null;
  $('run').disabled = false;
  $('cancel').disabled = true;
  const seconds = milliseconds !== undefined ? (milliseconds / 1000).toFixed(3)
                                              : ((performance.now() - run.started) / 1000).toFixed(3);
  if (error) {
    showError(error);
    $('status').textContent = `failed after ${seconds} s`;
    return;
  }
  $('progress').value = 100;
  const rows = totalRows ?? run.rows;
  const shown = rows > MAX_SHOWN_ROWS ? ` (first ${MAX_SHOWN_ROWS.toLocaleString()} shown)` : '';
  $('status').textContent = `${rows.toLocaleString()} rows in ${seconds} s${shown}`;
  state.lastSql = run.sql;
  $('download-csv').disabled = false;
  $('download-parquet').disabled = false;
  loadSchema();
}

function loadSchema() {
  const id = `${SCHEMA_QUERY_PREFIX}${state.nextId++}`;
  state.schemaQuery = { id, rows: [] };
  send('query', { sql: SCHEMA_SQL, query_id: id, chunk_rows: 10000 });
}

function handleSchema(type, data) {
  if (type === 'result_chunk' || type === 'query_result') state.schemaQuery.rows.push(...data.rows);
  if (type === 'result_complete' || type === 'query_result') {
    renderSchema(state.schemaQuery.rows);
    state.schemaQuery = null;
  }
  if (type === 'error') state.schemaQuery = null;
}

function renderSchema(rows) {
  const tables = new Map();
  for (const [schema, table, column, columnType] of rows) {
    const name = schema === 'main' ? table : `${schema}.${table}`;
    if (!tables.has(name)) tables.set(name, []);
    tables.get(name).push([column, columnType]);
  }
  const list = [];
  for (const [name, columns] of tables) {
    const item = document.createElement('li');
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = name;
    details.appendChild(summary);
    for (const [column, columnType] of columns) {
      const line = document.createElement('div');
      line.className = 'column';
      const label = document.createElement('span');
      label.textContent = column;
      const type = document.createElement('span');
      type.className = 'type';
      type.textContent = columnType;
      line.append(label, type);
      details.appendChild(line);
    }
    item.appendChild(details);
    list.push(item);
  }
  $('schema').replaceChildren(...list);
}

function addEvent(kind, data) {
  const item = document.createElement('li');
  const title = document.createElement('div');
  title.className = 'kind';
  title.textContent = `${new Date().toLocaleTimeString()} ${kind}`;
  const body = document.createElement('div');
  if (data.success === false) body.className = 'failed';
  const took = `${data.rows_returned} rows · ${Number(data.execution_time_ms).toFixed(1)} ms`;
  body.textContent = kind === 'schedule_executed'
    ? `${data.schedule_name}: ${data.success ? 'ok' : `failed: ${data.error}`} · ${took}`
    : `${data.success ? 'ok' : `failed: ${data.error}`} · ${took} · ${data.protocol ?? ''} · ${data.sql ?? ''}`;
  item.append(title, body);
  const list = $('events');
  list.prepend(item);
  while (list.children.length > MAX_EVENTS) list.lastChild.remove();
}

async function download(accept, extension) {
  if (!state.lastSql) return;
  const response = await fetch('/sql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept, ...authorization() },
    body: JSON.stringify({ q: state.lastSql }),
  });
  if (!response.ok) {
    showError(`download failed: ${response.status} ${await response.text()}`);
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `result.${extension}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

$('run').addEventListener('click', run);
$('cancel').addEventListener('click', cancel);
$('schema-refresh').addEventListener('click', loadSchema);
$('download-csv').addEventListener('click', () => download('text/csv', 'csv'));
$('download-parquet').addEventListener('click', () => download('application/vnd.apache.parquet', 'parquet'));
$('sql').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
});
$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('login-token').value;
  state.credentials = token ? { token } : { user: $('login-user').value, password: $('login-password').value };
  sessionStorage.setItem('duckwire-credentials', JSON.stringify(state.credentials));
  if (!send('auth', wsAuthData())) connect();
});
fetch('/version').then((r) => r.json()).then((v) => {
  $('server-version').textContent = `duckwire ${v.version} · DuckDB ${v.duckdb}`;
}).catch(() => {});
connect();
