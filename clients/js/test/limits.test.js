// Refusals the client must ride out without losing or doubling anything: the frame rate limit (PARLEY_TUNED_URL:
// 5 frames/s, burst 5), a node shedding sends (PARLEY_BUSY_URL: one pending send per gateway), and presence with a
// 2 s grace on the tuned node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  anotherDevice, eventually, frameOf, friends, hookedWebSocket, messagesOf, newUser, nextEvent, nodeUrl, textsFrom,
} from './support.js';

/** Every error frame the server sends the client, by code. */
function errorCodes() {
  const codes = [];
  const hooked = hookedWebSocket({
    incoming: (data) => {
      const frame = frameOf(data);
      if (frame.type === 'error') {
        codes.push(frame.code);
      }
      return undefined;
    },
  });
  return { codes, ...hooked };
}

/**
 * Alice's device sends `count` messages at once to Bob on the node at `url`; the server refuses some with
 * `expectedCode`; every one is acked and reaches Bob once, and the connection is never closed.
 */
async function floodArrivesOnce(t, url, expectedCode, count) {
  const { alice, bob } = await friends(t, { url });
  const bobSeen = messagesOf(bob.client);
  await bob.client.connect();
  const watched = errorCodes();
  const flooding = await anotherDevice(alice, { deviceId: 'flood', WebSocket: watched.WebSocket });
  t.after(() => flooding.disconnect());
  const closes = [];
  flooding.on('state', (s) => s.code && closes.push(s.code));
  await flooding.connect();
  const texts = [...Array(count).keys()].map((i) => `flood ${i}`);
  const acks = await Promise.all(texts.map((text) => flooding.send({ toUser: bob.userId, text })));
  assert.ok(watched.codes.includes(expectedCode), `refused at least once with ${expectedCode}: ${watched.codes}`);
  assert.deepEqual(closes, [], 'never closed');
  assert.equal(new Set(acks.map((a) => a.messageId)).size, texts.length);
  await eventually(() => textsFrom(bobSeen, alice.userId).length >= texts.length, 10000, 'bob gets all');
  assert.deepEqual(textsFrom(bobSeen, alice.userId).sort(), [...texts].sort());
}

test('a burst over the frame rate is paced after RATE_LIMITED: every send stored once, no 4008 close', (t) =>
  floodArrivesOnce(t, nodeUrl('PARLEY_TUNED_URL'), 'RATE_LIMITED', 16));

test('sends a busy node refuses with UNAVAILABLE and retryAfter are resent and stored once', (t) =>
  floodArrivesOnce(t, nodeUrl('PARLEY_BUSY_URL'), 'UNAVAILABLE', 40));

test('presence: the snapshot on connect, a friend going offline after the grace and coming back', async (t) => {
  const { alice, bob } = await friends(t, { url: nodeUrl('PARLEY_TUNED_URL') });
  await bob.client.connect();
  await alice.client.connect();
  await eventually(() => alice.client.presence.get(bob.userId)?.online === true, 3000, 'bob online in the snapshot');

  const offline = nextEvent(alice.client, 'presence', (p) => p.users.some((u) => u.userId === bob.userId && !u.online),
    8000);
  bob.client.disconnect();
  await offline;
  assert.equal(alice.client.presence.get(bob.userId).online, false);
  assert.ok(alice.client.presence.get(bob.userId).lastActiveAt > 0);

  const online = nextEvent(alice.client, 'presence', (p) => p.users.some((u) => u.userId === bob.userId && u.online));
  await bob.client.connect();
  await online;
});

test('presence: a user who is not a friend is never in the map (negative, beside the friend above)', async (t) => {
  const { alice, bob } = await friends(t, { url: nodeUrl('PARLEY_TUNED_URL') });
  const carol = await newUser('carol', { url: nodeUrl('PARLEY_TUNED_URL') });
  t.after(() => carol.client.disconnect());
  await Promise.all([carol.client.connect(), bob.client.connect(), alice.client.connect()]);
  await eventually(() => alice.client.presence.get(bob.userId)?.online === true, 3000, 'friend bob shows');
  assert.equal(alice.client.presence.has(carol.userId), false);
});
