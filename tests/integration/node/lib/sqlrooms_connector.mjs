// SQLRooms' own WebSocket connector (`createWebSocketDuckDbConnector` from npm @sqlrooms/duckdb), made
// loadable in Node: its dist files need the extensionless-import hook, and it uses the browser's global
// `WebSocket`, which Node 20 lacks: the `ws` class stands in, recording every frame the connector gets
// so tests can check what went over the wire (order, cancelAck, whether result bytes were sent).
import { register } from 'node:module';
import WebSocket from 'ws';

register('./extensionless_resolve.mjs', import.meta.url);

// Frames received by every connector socket, in arrival order: { kind: 'text', json } or
// { kind: 'binary', header, bytes } (SQLRooms framing: u32 BE header length, header JSON, Arrow IPC).
export const received = [];
// JSON messages the connectors sent, in order.
export const sent = [];

class RecordingWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (!isBinary) {
        received.push({ kind: 'text', json: JSON.parse(bytes.toString('utf8')) });
        return;
      }
      const length = bytes.readUInt32BE(0);
      received.push({ kind: 'binary', header: JSON.parse(bytes.subarray(4, 4 + length)), bytes: bytes.length });
    });
  }

  send(data, ...rest) {
    if (typeof data === 'string') sent.push(JSON.parse(data));
    return super.send(data, ...rest);
  }
}
globalThis.WebSocket = RecordingWebSocket;

const module = await import('@sqlrooms/duckdb/dist/connectors/WebSocketDuckDbConnector.js');
export const { createWebSocketDuckDbConnector } = module;
