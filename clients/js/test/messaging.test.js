// Sending, receiving and the inbox cursor against a real node (PARLEY_URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage, ParleyError, directConversationId } from '../parley.js';
import {
  DROP, TWICE, anotherDevice, eventually, frameOf, friends, hookedWebSocket, messagesOf, nextEvent, sleep, textsFrom,
} from './support.js';

test('a message sent to a friend is acked once stored and reaches both users', async (t) => {
  const { alice, bob } = await friends(t);
  const aliceSeen = messagesOf(alice.client);
  const bobSeen = messagesOf(bob.client);
  const states = [];
  alice.client.on('state', ({ state }) => states.push(state));
  await Promise.all([alice.client.connect(), bob.client.connect()]);
  assert.deepEqual(states, ['connecting', 'online']);
  assert.equal(alice.client.state, 'online');
  assert.equal(alice.client.transportInUse, 'websocket');

  const ack = await alice.client.send({ toUser: bob.userId, text: 'hello bob' });
  assert.equal(ack.conversationId, directConversationId(alice.userId, bob.userId));
  assert.equal(ack.duplicate, false);
  assert.match(ack.messageId, /^[0-7][0-9a-f]{15}$/);
  await eventually(() => bobSeen.some((m) => m.messageId === ack.messageId), 5000, 'bob receives');
  await eventually(() => aliceSeen.some((m) => m.messageId === ack.messageId), 5000, "the sender's own device gets it");
  assert.deepEqual(alice.client.pendingSends(), []);
});

test('a send the server refuses rejects with its code and leaves nothing pending', async (t) => {
  const { alice, bob } = await friends(t);
  await alice.client.connect();
  await assert.rejects(alice.client.send({ toUser: alice.userId, text: 'to me' }), { code: 'INVALID' });
  await assert.rejects(alice.client.send({ toGroup: '0000000000000001', text: 'x' }), { code: 'NOT_FOUND' });
  await assert.rejects(alice.client.send({ toUser: bob.userId, text: 'x'.repeat(100000) }),
    (e) => e instanceof ParleyError && e.code === 'TEXT_TOO_LONG');
  // positive control: the same connection still delivers
  await alice.client.send({ toUser: bob.userId, text: 'still fine' });
  assert.deepEqual(alice.client.pendingSends(), []);
});

test('an offline device catches up from its stored cursor: each missed message once, in order', async (t) => {
  const { alice, bob } = await friends(t);
  await bob.client.connect();
  const storage = new MemoryStorage();
  const first = await anotherDevice(alice, { storage, deviceId: 'laptop' });
  const firstSeen = messagesOf(first);
  await first.connect();
  await bob.client.send({ toUser: alice.userId, text: 'before' });
  await eventually(() => textsFrom(firstSeen, bob.userId).length === 1, 5000, 'first message applied');
  const cursorBefore = first.cursor.value;
  first.disconnect();

  for (let i = 0; i < 7; i++) {
    await bob.client.send({ toUser: alice.userId, text: `missed ${i}` });
  }
  const again = await anotherDevice(alice, { storage, deviceId: 'laptop', syncLimit: 3 });
  t.after(() => again.disconnect());
  const seen = messagesOf(again);
  await again.connect();
  assert.deepEqual(textsFrom(seen, bob.userId), [0, 1, 2, 3, 4, 5, 6].map((i) => `missed ${i}`));
  assert.equal(seen.length, 7, 'nothing from before the stored cursor again');
  assert.equal(again.cursor.value, cursorBefore + 7);
});

test('live messages that arrive during a paged sync are neither lost nor doubled', async (t) => {
  const { alice, bob } = await friends(t);
  await bob.client.connect();
  for (let i = 0; i < 10; i++) {
    await bob.client.send({ toUser: alice.userId, text: `old ${i}` });
  }
  const aliceSlow = await anotherDevice(alice, { deviceId: 'slow', syncLimit: 2 });
  t.after(() => aliceSlow.disconnect());
  const seen = messagesOf(aliceSlow);
  const caughtUp = aliceSlow.connect();
  const live = [];
  for (let i = 0; i < 10; i++) {
    live.push(bob.client.send({ toUser: alice.userId, text: `new ${i}` }));
  }
  await Promise.all(live);
  await caughtUp;
  await eventually(() => textsFrom(seen, bob.userId).length >= 20, 5000, 'all 20');
  await sleep(300);
  const texts = textsFrom(seen, bob.userId);
  assert.equal(texts.length, 20);
  assert.equal(new Set(seen.map((m) => m.messageId)).size, seen.length, 'no message applied twice');
  assert.deepEqual(texts.slice(0, 10), [...Array(10).keys()].map((i) => `old ${i}`));
});

test('a lost live frame is a gap: the client syncs from its cursor and gets it', async (t) => {
  const { alice, bob } = await friends(t);
  await bob.client.connect();
  let dropped = 0;
  const lossy = hookedWebSocket({
    incoming: (data) => {
      const frame = frameOf(data);
      if (frame.type === 'message' && frame.message.text === 'lost' && dropped === 0) {
        dropped += 1;
        return DROP;
      }
      return undefined;
    },
  });
  const aliceLossy = await anotherDevice(alice, { deviceId: 'lossy', WebSocket: lossy.WebSocket });
  t.after(() => aliceLossy.disconnect());
  const seen = messagesOf(aliceLossy);
  await aliceLossy.connect();
  const gapSynced = nextEvent(aliceLossy, 'synced', (s) => s.reason === 'gap');
  await bob.client.send({ toUser: alice.userId, text: 'lost' });
  await bob.client.send({ toUser: alice.userId, text: 'after' });
  await gapSynced;
  assert.equal(dropped, 1, 'the hook did lose the frame');
  assert.deepEqual(textsFrom(seen, bob.userId), ['lost', 'after']);
});

test('a frame delivered twice is applied once', async (t) => {
  const { alice, bob } = await friends(t);
  await bob.client.connect();
  const doubling = hookedWebSocket({ incoming: (data) => (frameOf(data).type === 'message' ? TWICE : undefined) });
  const aliceTwice = await anotherDevice(alice, { deviceId: 'twice', WebSocket: doubling.WebSocket });
  t.after(() => aliceTwice.disconnect());
  const seen = messagesOf(aliceTwice);
  await aliceTwice.connect();
  await bob.client.send({ toUser: alice.userId, text: 'one' });
  await bob.client.send({ toUser: alice.userId, text: 'two' });
  await eventually(() => textsFrom(seen, bob.userId).length >= 2, 5000, 'both');
  await sleep(200);
  assert.deepEqual(textsFrom(seen, bob.userId), ['one', 'two']);
});

test('a send whose ack was lost is resent after reconnecting, with the same clientMessageId, and stored once', async (t) => {
  const { alice, bob } = await friends(t);
  const bobSeen = messagesOf(bob.client);
  await bob.client.connect();
  let lostAcks = 0;
  const ackLosing = hookedWebSocket({
    incoming: (data, socket) => {
      if (frameOf(data).type === 'ack' && lostAcks === 0) {
        lostAcks += 1;
        setTimeout(() => socket.close(4000, 'test cuts the connection'), 0);
        return DROP;
      }
      return undefined;
    },
  });
  const aliceCut = await anotherDevice(alice, { deviceId: 'cut', WebSocket: ackLosing.WebSocket });
  t.after(() => aliceCut.disconnect());
  await aliceCut.connect();
  const ack = await aliceCut.send({ toUser: bob.userId, text: 'exactly once', clientMessageId: 'c-once-1' });
  assert.equal(lostAcks, 1);
  assert.equal(ackLosing.sockets.length, 2, 'it reconnected');
  assert.equal(ack.clientMessageId, 'c-once-1');
  assert.equal(ack.duplicate, true, 'the resend found the message stored');
  await sleep(300);
  assert.deepEqual(textsFrom(bobSeen, alice.userId), ['exactly once']);
});

test('a connection that answers nothing is taken for dead: the client reconnects and resends', async (t) => {
  const { alice, bob } = await friends(t);
  const bobSeen = messagesOf(bob.client);
  await bob.client.connect();
  const blackhole = hookedWebSocket({
    outgoing: (data, socket) => (socket === blackhole.sockets[0] && frameOf(data).type === 'send' ? DROP : undefined),
  });
  const aliceStuck = await anotherDevice(alice, { deviceId: 'stuck', WebSocket: blackhole.WebSocket, ackTimeoutMs: 800 });
  t.after(() => aliceStuck.disconnect());
  await aliceStuck.connect();
  const ack = await aliceStuck.send({ toUser: bob.userId, text: 'through the hole' });
  assert.equal(blackhole.sockets.length, 2);
  assert.equal(ack.duplicate, false, 'the first copy never reached the server');
  await eventually(() => textsFrom(bobSeen, alice.userId).length === 1, 5000, 'bob gets it');
});

test('sends made while offline wait in the outbox, kept in storage, and go once connected', async (t) => {
  const { alice, bob } = await friends(t);
  const bobSeen = messagesOf(bob.client);
  await bob.client.connect();
  const storage = new MemoryStorage();
  const before = await anotherDevice(alice, { storage, deviceId: 'plane' });
  before.send({ toUser: bob.userId, text: 'queued offline', clientMessageId: 'c-plane-1' }).catch(() => {});
  assert.deepEqual(before.pendingSends().map((s) => s.clientMessageId), ['c-plane-1']);
  // the app is closed before it ever connects; the next start finds the send in storage
  const after = await anotherDevice(alice, { storage, deviceId: 'plane' });
  t.after(() => after.disconnect());
  const acked = nextEvent(after, 'ack', (a) => a.clientMessageId === 'c-plane-1');
  await after.connect();
  await acked;
  await eventually(() => textsFrom(bobSeen, alice.userId).length === 1, 5000, 'bob gets it');
  assert.deepEqual(after.pendingSends(), []);
});

test('read receipts and typing reach the other member', async (t) => {
  const { alice, bob } = await friends(t);
  await Promise.all([alice.client.connect(), bob.client.connect()]);
  const conversationId = directConversationId(alice.userId, bob.userId);
  const ack = await alice.client.send({ toUser: bob.userId, text: 'read me' });
  const aliceSeesRead = nextEvent(alice.client, 'read', (r) => r.userId === bob.userId);
  await bob.client.markRead(conversationId, ack.messageId);
  assert.equal((await aliceSeesRead).messageId, ack.messageId);
  assert.equal((await alice.client.reads(conversationId))[bob.userId], ack.messageId);

  const typing = nextEvent(alice.client, 'typing', (e) => e.userId === bob.userId && e.typing);
  bob.client.typing(conversationId);
  await typing;
  assert.deepEqual(alice.client.typingIn(conversationId), [bob.userId]);
});

test('the HTTP helpers: groups, the conversation list with unread counts, history', async (t) => {
  const { alice, bob } = await friends(t);
  await Promise.all([alice.client.connect(), bob.client.connect()]);
  const group = await alice.client.createGroup('climbing', [bob.userId]);
  await bob.client.send({ toGroup: group.groupId, text: 'hi all' });
  await bob.client.send({ conversationId: `group:${group.groupId}`, text: 'anyone?' });
  const { conversations } = await alice.client.conversations();
  const line = conversations.find((c) => c.conversationId === `group:${group.groupId}`);
  assert.equal(line.name, 'climbing');
  assert.equal(line.lastMessage.text, 'anyone?');
  assert.equal(line.unread, 2, 'two of bob; the group.created system message is alice\'s own');
  const { messages } = await alice.client.history(`group:${group.groupId}`, { limit: 10 });
  assert.deepEqual(messages.filter((m) => !m.kind).map((m) => m.text), ['hi all', 'anyone?']);
  await assert.rejects(alice.client.history('group:0000000000000001'), { code: 'NOT_FOUND', status: 404 });
});
