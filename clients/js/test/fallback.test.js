// The SockJS fallback (/v1/sockjs): a client whose WebSocket cannot get through switches to SockJS, handing it the
// URL and transports PROTOCOL.md names (checked with a stand-in of the sockjs-client API over the node's WebSocket),
// and the real sockjs-client carries the protocol over each transport the node serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { anotherDevice, befriend, eventually, messagesOf, newUser, nodeUrl, textsFrom } from './support.js';

/** A WebSocket that never gets through, as behind a proxy that breaks upgrades: it dials a port nobody serves. */
class BlockedWebSocket extends WebSocket {
  static attempts = 0;

  constructor() {
    BlockedWebSocket.attempts += 1;
    super('ws://127.0.0.1:9/v1/ws');
  }
}

/** sockjs-client's API (constructor, onopen/onmessage/onclose, send, close) over the node's real /v1/ws. */
function sockJsStandIn() {
  const opened = [];
  class StandIn {
    constructor(url, reserved, options) {
      const parsed = new URL(url);
      opened.push({ path: parsed.pathname, query: parsed.searchParams, reserved, options });
      parsed.pathname = '/v1/ws';
      parsed.protocol = 'ws:';
      const socket = new WebSocket(parsed);
      socket.onopen = () => this.onopen?.({});
      socket.onmessage = (event) => this.onmessage?.({ data: event.data });
      socket.onclose = (event) => this.onclose?.({ code: event.code, reason: event.reason });
      this.socket = socket;
    }

    send(data) {
      this.socket.send(data);
    }

    close(code, reason) {
      this.socket.close(code, reason);
    }
  }
  return { SockJS: StandIn, opened };
}

test('after two WebSocket failures the client falls back to SockJS with the contract URL and delivers', async (t) => {
  const alice = await newUser('alice');
  const bob = await newUser('bob');
  await befriend(alice, bob);
  const standIn = sockJsStandIn();
  const aliceBehindProxy = await anotherDevice(alice, {
    deviceId: 'proxied', WebSocket: BlockedWebSocket, SockJS: standIn.SockJS, sockjsTransports: ['xhr-polling'],
  });
  t.after(() => {
    aliceBehindProxy.disconnect();
    bob.client.disconnect();
  });
  const bobSeen = messagesOf(bob.client);
  await bob.client.connect();
  await aliceBehindProxy.connect();
  assert.equal(BlockedWebSocket.attempts, 2);
  assert.equal(aliceBehindProxy.transportInUse, 'sockjs');
  const [{ path, query, reserved, options }] = standIn.opened;
  assert.equal(path, '/v1/sockjs');
  assert.equal(query.get('token'), aliceBehindProxy.session.token);
  assert.equal(query.get('deviceId'), 'proxied');
  assert.equal(reserved, null);
  assert.deepEqual(options, { transports: ['xhr-polling'] });
  await aliceBehindProxy.send({ toUser: bob.userId, text: 'via sockjs' });
  await eventually(() => textsFrom(bobSeen, alice.userId).length === 1, 5000, 'bob gets it');
});

test('transport "websocket" never falls back (positive control of the switch above)', async (t) => {
  const alice = await newUser('alice');
  const standIn = sockJsStandIn();
  const stubborn = await anotherDevice(alice, {
    deviceId: 'ws-only', transport: 'websocket', WebSocket: BlockedWebSocket, SockJS: standIn.SockJS,
    reconnect: { initialMs: 20, maxMs: 40 },
  });
  t.after(() => stubborn.disconnect());
  const failures = [];
  stubborn.on('state', (s) => s.state === 'offline' && failures.push(s));
  stubborn.connect().catch(() => {});
  await eventually(() => failures.length >= 3, 5000, 'three failed attempts');
  assert.equal(standIn.opened.length, 0);
});

for (const transport of ['xhr-polling', 'xhr-streaming', 'websocket']) {
  test(`the real sockjs-client over ${transport} carries the protocol both ways`, async (t) => {
    const url = nodeUrl();
    const SockJS = createRequire(import.meta.url)('sockjs-client');
    const alice = await newUser('alice', { url, transport: 'sockjs', SockJS, sockjsTransports: [transport] });
    const bob = await newUser('bob');
    await befriend(alice, bob);
    t.after(() => {
      alice.client.disconnect();
      bob.client.disconnect();
    });
    const aliceSeen = messagesOf(alice.client);
    const bobSeen = messagesOf(bob.client);
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    assert.equal(alice.client.transportInUse, 'sockjs');
    await alice.client.send({ toUser: bob.userId, text: `out over ${transport}` });
    await bob.client.send({ toUser: alice.userId, text: `in over ${transport}` });
    await eventually(() => textsFrom(bobSeen, alice.userId).length === 1, 5000, 'bob gets it');
    await eventually(() => textsFrom(aliceSeen, bob.userId).length === 1, 5000, 'alice gets it');
  });
}
