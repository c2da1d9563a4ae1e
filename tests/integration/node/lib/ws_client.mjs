// A small WebSocket client (over the `ws` package) for tests that speak the SQLRooms protocol by hand.
// Every received frame is kept in an inbox; tests take the frames they expect with a predicate, so replies
// that arrive out of order are still matched (by queryId, channel, ...).
import WebSocket from 'ws';

const DEFAULT_TIMEOUT_MS = 30_000;

// One received frame: { binary: false, text, json } or { binary: true, data: Buffer, header, ipc }.
// A binary frame is decoded as the SQLRooms framing: u32 BE header length, header JSON, Arrow IPC stream.
function decodeFrame(data, isBinary) {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  if (!isBinary) {
    const text = buf.toString('utf8');
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { binary: false, text, json };
  }
  const frame = { binary: true, data: buf, header: undefined, ipc: undefined };
  if (buf.length >= 4) {
    const length = buf.readUInt32BE(0);
    if (4 + length <= buf.length) {
      try {
        frame.header = JSON.parse(buf.subarray(4, 4 + length).toString('utf8'));
        frame.ipc = buf.subarray(4 + length);
      } catch {
        frame.header = undefined;
      }
    }
  }
  return frame;
}

// Builds the uploadArrow binary frame: [u32 BE header length][header JSON][Arrow IPC stream].
export function uploadFrame(header, ipcBytes) {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length, 0);
  return Buffer.concat([length, headerBytes, Buffer.from(ipcBytes)]);
}

export class WsClient {
  constructor(ws) {
    this.ws = ws;
    this.inbox = [];
    this.waiters = [];
    this.closed = null; // { code, reason } once closed
    this.closeWaiters = [];
    ws.on('message', (data, isBinary) => {
      this.inbox.push(decodeFrame(data, isBinary));
      this.#dispatch();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
      for (const w of this.closeWaiters) w(this.closed);
      this.closeWaiters = [];
      for (const w of this.waiters) w.reject(new Error(`connection closed (${code} ${this.closed.reason}) while waiting for ${w.what}`));
      this.waiters = [];
    });
    ws.on('error', () => {}); // surfaced through 'close'
  }

  static connect(url, options = {}) {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    const client = new WsClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  #dispatch() {
    for (let i = 0; i < this.waiters.length; ) {
      const w = this.waiters[i];
      const at = this.inbox.findIndex(w.pred);
      if (at >= 0) {
        const [frame] = this.inbox.splice(at, 1);
        this.waiters.splice(i, 1);
        w.resolve(frame);
      } else {
        i++;
      }
    }
  }

  send(message) {
    this.ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  // Resolves with (and removes) the first received frame matching pred, waiting for it if needed.
  take(pred, what = 'a frame', timeoutMs = DEFAULT_TIMEOUT_MS) {
    const at = this.inbox.findIndex(pred);
    if (at >= 0) return Promise.resolve(this.inbox.splice(at, 1)[0]);
    if (this.closed) return Promise.reject(new Error(`connection closed (${this.closed.code}) before ${what}`));
    return new Promise((resolve, reject) => {
      const w = { pred, what };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; inbox: ${this.describeInbox()}`));
      }, timeoutMs);
      w.resolve = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
      w.reject = (err) => {
        clearTimeout(timer);
        reject(err);
      };
      this.waiters.push(w);
    });
  }

  // The next frame in arrival order.
  next(timeoutMs) {
    return this.take(() => true, 'the next frame', timeoutMs);
  }

  // The reply (text JSON or framed binary) carrying this queryId.
  reply(queryId, timeoutMs) {
    return this.take(
      (f) => (f.binary ? f.header?.queryId === queryId : f.json?.queryId === queryId),
      `the reply to ${queryId}`,
      timeoutMs,
    );
  }

  // The next text frame whose JSON satisfies pred; resolves with the parsed JSON.
  async json(pred = () => true, what = 'a JSON text frame', timeoutMs) {
    const frame = await this.take((f) => !f.binary && f.json !== undefined && pred(f.json), what, timeoutMs);
    return frame.json;
  }

  // Sends a request and waits for its reply, matched by queryId.
  async request(message, timeoutMs) {
    this.send(message);
    return this.reply(message.queryId, timeoutMs);
  }

  waitClosed(timeoutMs = DEFAULT_TIMEOUT_MS) {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connection not closed within ${timeoutMs} ms`)), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  async close() {
    if (this.closed) return this.closed;
    this.ws.close();
    return this.waitClosed();
  }

  describeInbox() {
    return JSON.stringify(this.inbox.map((f) => (f.binary ? { binary: f.data.length, header: f.header } : f.text.slice(0, 200))));
  }
}
