// How the client ends: a revoked session (4401), a deleted account (4410), the same device connected elsewhere
// (4409), and a 401 on HTTP. None of them reconnects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anotherDevice, newUser, nextEvent, sleep } from './support.js';

test('a session ended from another session closes with 4401: sessionEnded, no reconnect, session forgotten', async (t) => {
  const alice = await newUser('alice');
  const laptop = await anotherDevice(alice, { deviceId: 'laptop' });
  t.after(() => {
    alice.client.disconnect();
    laptop.disconnect();
  });
  await laptop.connect();
  const states = [];
  laptop.on('state', (s) => states.push(s.state));
  const ended = nextEvent(laptop, 'sessionEnded');
  await alice.client.request('DELETE', `/v1/sessions/${laptop.session.sessionId}`);
  assert.equal((await ended).reason, 'revoked');
  await sleep(500);
  assert.deepEqual(states, ['stopped'], 'no reconnect after 4401');
  assert.equal(laptop.loggedIn, false);
  await assert.rejects(laptop.send({ toUser: alice.userId, text: 'x' }), { code: 'UNAUTHORIZED' });
  // positive control: the session that ended it still works
  assert.equal((await alice.client.me()).userId, alice.userId);
});

test('a deleted account closes with 4410', async (t) => {
  const alice = await newUser('alice');
  const phone = await anotherDevice(alice, { deviceId: 'phone' });
  t.after(() => phone.disconnect());
  await phone.connect();
  const ended = nextEvent(phone, 'sessionEnded');
  await alice.client.request('DELETE', '/v1/me', { password: alice.password });
  assert.equal((await ended).reason, 'deleted');
});

test('the same device id connecting elsewhere closes the first with 4409: replaced, no reconnect', async (t) => {
  const alice = await newUser('alice');
  const first = await anotherDevice(alice, { deviceId: 'tablet' });
  const second = await anotherDevice(alice, { deviceId: 'tablet' });
  t.after(() => {
    first.disconnect();
    second.disconnect();
  });
  await first.connect();
  const replaced = nextEvent(first, 'replaced');
  await second.connect();
  assert.equal((await replaced).code, 4409);
  await sleep(500);
  assert.equal(first.state, 'stopped');
  assert.equal(second.state, 'online', 'the newer connection stays');
});

test('an HTTP 401 ends the session; bad logins are refused with their codes', async (t) => {
  const alice = await newUser('alice');
  await assert.rejects(alice.client.login({ username: alice.username, password: 'wrong password' }),
    { code: 'UNAUTHORIZED', status: 401 });
  await assert.rejects(alice.client.signup({ username: alice.username, password: 'long enough' }),
    { code: 'USERNAME_TAKEN', status: 409 });
  await assert.rejects(alice.client.signup({ username: 'x', password: 'long enough' }), { code: 'INVALID' });
  assert.equal(alice.client.loggedIn, true, 'a failed login leaves the kept session alone');
  const stale = await anotherDevice(alice);
  t.after(() => stale.disconnect());
  const token = alice.client.session.token;
  await alice.client.logout();
  assert.equal(alice.client.loggedIn, false);

  stale.session.token = token; // a device still holding the logged-out session's token
  const ended = nextEvent(stale, 'sessionEnded');
  await assert.rejects(stale.me(), { code: 'UNAUTHORIZED', status: 401 });
  assert.equal((await ended).reason, 'unauthorized');
  assert.equal(stale.loggedIn, false);
});
