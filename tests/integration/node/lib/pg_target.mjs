// The PostgreSQL-protocol server a client test talks to: duckwire's --pg-port (the default, what
// `make test` runs) or, with DUCKWIRE_PG_TARGET=postgres, a throwaway PostgreSQL 15 cluster started by
// ../../pg_reference/pg_cluster.py, which proves the test itself right.
//
//   const target = await startPgTarget();
//   target.connection  // { host, port, user, password, database }
//   await target.stop();
//
// pgTest(file, name, fn) registers a test unless ../../pg_reference/pending_on_duckwire.txt lists
// `file::name` and the target is duckwire (cases that do not pass on duckwire yet; they still run
// against PostgreSQL).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { createServer, connect } from 'node:net';
import { test } from 'node:test';
import { startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const referenceDir = resolve(here, '../../pg_reference');
export const targetKind = process.env.DUCKWIRE_PG_TARGET ?? 'duckwire';
export const USER = 'clitest';
export const PASSWORD = 'clitest-pw';
export const DATABASE = 'clitests';

function freePort() {
  return new Promise((resolvePort, rejectPort) => {
    const probe = createServer();
    probe.once('error', rejectPort);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

function accepting(port) {
  return new Promise((resolveProbe) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.once('error', () => resolveProbe(false));
  });
}

async function startDuckwire() {
  const port = await freePort();
  // The database file is named like the database clients ask for, as in PostgreSQL.
  const folder = mkdtempSync(join(tmpdir(), 'duckwire-pg-'));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  const server = await startServer(['--pg-port', String(port), '--user', `${USER}:${PASSWORD}`, '--db-path',
    join(folder, `${DATABASE}.duckdb`)]).catch((error) => {
    removeFolder();
    throw error;
  });
  const deadline = Date.now() + 30_000;
  while (!(await accepting(port))) {
    if (Date.now() > deadline || server.exited()) {
      await server.stop();
      removeFolder();
      throw new Error(`duckwire did not open its PostgreSQL port ${port}; stderr:\n${server.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    kind: 'duckwire',
    connection: { host: '127.0.0.1', port, user: USER, password: PASSWORD, database: DATABASE },
    async stop() {
      const stopped = await server.stop();
      removeFolder();
      return stopped;
    },
  };
}

async function startPostgres() {
  const proc = spawn('/usr/bin/python3', [join(referenceDir, 'pg_cluster.py'), '--user', `${USER}:${PASSWORD}`,
    '--database', DATABASE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((r) => proc.once('exit', r));
  const lines = createInterface({ input: proc.stdout });
  const first = await new Promise((resolveLine, rejectLine) => {
    lines.once('line', resolveLine);
    exited.then((code) => rejectLine(new Error(`pg_cluster.py exited with ${code}`)));
  });
  const described = JSON.parse(first);
  return {
    kind: 'postgres',
    connection: { host: described.host, port: described.port, user: USER, password: PASSWORD, database: DATABASE },
    async stop() {
      proc.stdin.end();
      await exited;
    },
  };
}

export function startPgTarget() {
  return targetKind === 'postgres' ? startPostgres() : startDuckwire();
}

function pendingOnDuckwire() {
  const file = join(referenceDir, 'pending_on_duckwire.txt');
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').map((line) => line.split('#')[0].trim()).filter(Boolean));
}

const pending = targetKind === 'duckwire' ? pendingOnDuckwire() : new Set();

export function pgTest(file, name, fn) {
  if (!pending.has(`${file}::${name}`)) test(name, fn);
}
