// Starts a real duckwire process for a test file and stops it again.
//
//   const server = await startServer(['--auth-token', 'secret']);
//   server.wsUrl    // ws://127.0.0.1:PORT/
//   server.httpUrl  // http://127.0.0.1:PORT/
//   await server.stop();
//
// The binary is $DUCKWIRE_BINARY, else <repo>/build/duckwire. The server listens on a free port
// (--port 0); the port is read from its stderr line `duckwire listening: http=http://127.0.0.1:PORT ...`.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../../..');
export const binary = process.env.DUCKWIRE_BINARY ?? join(repo, 'build', 'duckwire');

const LISTENING = /duckwire listening: http=http:\/\/([^\s:]+):(\d+)/;

export async function startServer(extraArgs = [], { startTimeoutMs = 30_000 } = {}) {
  const args = ['--port', '0', ...extraArgs];
  const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exited = null;
  const exitPromise = new Promise((resolveExit) => {
    proc.once('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit(exited);
    });
  });
  // A test process that dies without calling stop() must not leave the server behind.
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);

  const { host, port } = await new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      rejectStart(new Error(`duckwire did not report its port within ${startTimeoutMs} ms; stderr:\n${stderr}`));
    }, startTimeoutMs);
    proc.once('error', (err) => {
      clearTimeout(timer);
      rejectStart(new Error(`cannot start ${binary}: ${err.message}`));
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = LISTENING.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolveStart({ host: match[1], port: Number(match[2]) });
      }
    });
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      rejectStart(new Error(`duckwire exited before listening (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });

  return {
    proc,
    host,
    port,
    httpUrl: `http://${host}:${port}/`,
    wsUrl: `ws://${host}:${port}/`,
    stderr: () => stderr,
    exited: () => exited,
    // SIGTERM (graceful shutdown), then SIGKILL if it has not exited within the timeout.
    // Resolves with { code, signal }.
    async stop({ timeoutMs = 15_000 } = {}) {
      process.removeListener('exit', killOnExit);
      if (exited) return exited;
      proc.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolveTimeout) => {
        timer = setTimeout(() => {
          proc.kill('SIGKILL');
          resolveTimeout();
        }, timeoutMs);
      });
      await Promise.race([exitPromise, timeout]);
      clearTimeout(timer);
      return exitPromise;
    },
  };
}
