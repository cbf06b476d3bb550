// The parts that need no server: backoff, ids, text length, storage, the event emitter, answers that are not JSON
// and the drain's reconnect hint (a stand-in WebSocket and fetch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Emitter, MemoryStorage, ParleyClient, backoffDelay, codePoints, directConversationId, groupConversationId,
} from '../parley.js';
import { eventually } from './support.js';

test('backoff doubles from initialMs to maxMs, each delay in the upper half of its step', () => {
  const delays = { initialMs: 500, maxMs: 30000 };
  assert.equal(backoffDelay(0, delays, () => 0), 250);
  assert.equal(backoffDelay(0, delays, () => 1), 500);
  assert.equal(backoffDelay(3, delays, () => 1), 4000);
  assert.equal(backoffDelay(20, delays, () => 1), 30000);
  assert.equal(backoffDelay(20, delays, () => 0), 15000);
  const spread = new Set([...Array(50)].map(() => backoffDelay(4, delays)));
  assert.ok(spread.size > 10, 'jittered: clients do not come back in step');
});

test('conversation ids are built as PROTOCOL.md section 1 says', () => {
  assert.equal(directConversationId('0194d2c3a0400000', '0194d2c39f000000'), 'dm:0194d2c39f000000:0194d2c3a0400000');
  assert.equal(directConversationId('0194d2c39f000000', '0194d2c3a0400000'), 'dm:0194d2c39f000000:0194d2c3a0400000');
  assert.equal(groupConversationId('0194d2c3a2000000'), 'group:0194d2c3a2000000');
});

test('text length counts code points, as the server does', () => {
  assert.equal(codePoints('abc'), 3);
  assert.equal(codePoints('😀😀'), 2);
  assert.equal('😀😀'.length, 4);
});

test('a too long text is refused before it is sent, a text at the limit is queued', async () => {
  const client = new ParleyClient({ baseUrl: 'http://127.0.0.1:9', storage: new MemoryStorage() });
  client.session = null;
  await assert.rejects(client.send({ toUser: '0194d2c3a0400000', text: 'x' }), { code: 'UNAUTHORIZED' });
  const storage = new MemoryStorage();
  storage.setItem('parley.session', JSON.stringify({ token: 't', userId: '0194d2c39f000000' }));
  const loggedIn = new ParleyClient({ baseUrl: 'http://127.0.0.1:9', storage, deviceId: 'd1' });
  await assert.rejects(loggedIn.send({ toUser: '0194d2c3a0400000', text: '😀'.repeat(100000) }), { code: 'TEXT_TOO_LONG' });
  await assert.rejects(loggedIn.send({ conversationId: 'nonsense', text: 'x' }), { code: 'INVALID' });
  loggedIn.send({ toUser: '0194d2c3a0400000', text: '😀'.repeat(99999) });
  assert.equal(loggedIn.pendingSends().length, 1);
  assert.equal(JSON.parse(storage.getItem('parley.outbox.0194d2c39f000000.d1')).length, 1, 'kept in storage');
});

test('the device id is made once and kept in storage', () => {
  const storage = new MemoryStorage();
  const first = new ParleyClient({ baseUrl: 'http://127.0.0.1:9', storage });
  const second = new ParleyClient({ baseUrl: 'http://127.0.0.1:9', storage });
  assert.match(first.deviceId, /^d-[0-9a-f]{16}$/);
  assert.equal(second.deviceId, first.deviceId);
  assert.notEqual(new ParleyClient({ baseUrl: 'http://127.0.0.1:9', storage: new MemoryStorage() }).deviceId,
    first.deviceId);
});

test('the emitter: on, off, once; a listener that throws does not stop the others', () => {
  const emitter = new Emitter();
  const got = [];
  const off = emitter.on('x', (v) => got.push(`a${v}`));
  emitter.once('x', (v) => got.push(`once${v}`));
  const error = console.error;
  console.error = () => {};
  emitter.on('x', () => {
    throw new Error('listener bug');
  });
  emitter.on('x', (v) => got.push(`b${v}`));
  emitter.emit('x', 1);
  off();
  emitter.emit('x', 2);
  console.error = error;
  assert.deepEqual(got, ['a1', 'once1', 'b1', 'b2']);
});

test('an answer that is not JSON is a ParleyError INTERNAL with its status, never a SyntaxError', async () => {
  const answers = [new Response('<html>Bad Gateway</html>', { status: 502 }), new Response('{"userId":')];
  const client = new ParleyClient({
    baseUrl: 'http://127.0.0.1:9', storage: new MemoryStorage(), fetch: async () => answers.shift(),
  });
  const signup = () => client.signup({ username: 'alice', password: 'correct horse', displayName: 'Alice' });
  await assert.rejects(signup(), { name: 'ParleyError', code: 'INTERNAL', status: 502 });
  await assert.rejects(signup(), { name: 'ParleyError', code: 'INTERNAL', status: 200 });
});

test('a drain\'s reconnect hint applies to its own 4002 close only, not to a later one', async () => {
  const sockets = [];
  class FakeWebSocket {
    constructor() {
      sockets.push(this);
    }

    send() {}

    close() {}
  }
  const storage = new MemoryStorage();
  storage.setItem('parley.session', JSON.stringify({ token: 't', userId: '0194d2c39f000000' }));
  const client = new ParleyClient({
    baseUrl: 'http://127.0.0.1:9', storage, WebSocket: FakeWebSocket, random: () => 0,
    reconnect: { initialMs: 20, maxMs: 40 }, fetch: async () => new Response('{"address":null}'),
  });
  const waits = [];
  client.on('state', ({ state, code, retryInMs }) => state === 'offline' && waits.push({ code, retryInMs }));
  const frame = (socket, data) => socket.onmessage({ data: JSON.stringify(data) });
  client.connect().catch(() => {});
  await eventually(() => sockets.length === 1);
  frame(sockets[0], { type: 'welcome', heartbeatInterval: 5000 });
  frame(sockets[0], { type: 'reconnect', afterMs: 900 });
  sockets[0].onclose({ code: 1006, reason: 'lost before the drain closed it' });
  await eventually(() => sockets.length === 2);
  frame(sockets[1], { type: 'welcome', heartbeatInterval: 5000 });
  sockets[1].onclose({ code: 4002, reason: 'drain without a reconnect frame' });
  client.disconnect();
  assert.deepEqual(waits, [{ code: 1006, retryInMs: 10 }, { code: 4002, retryInMs: 0 }]);
});
