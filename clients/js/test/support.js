// Shared helpers of the client's tests: users on the real node named by PARLEY_URL (or another env var), waiting
// for events, and WebSocket subclasses that lose, double or swallow frames the way a bad network would.
import { MemoryStorage, ParleyClient } from '../parley.js';

export function nodeUrl(variable = 'PARLEY_URL') {
  const url = process.env[variable];
  if (!url) {
    throw new Error(`${variable} is not set: run these tests through JsClientE2ETest, or set it to a running node`);
  }
  return url;
}

let users = 0;

/** A new account on the node, logged in on a client of its own (memory storage) that is not connected yet. */
export async function newUser(name, { url = nodeUrl(), ...options } = {}) {
  users += 1;
  const username = `${name}_${process.pid}_${Date.now().toString(36)}_${users}`.slice(0, 32);
  const password = 'correct horse';
  const client = newClient({ baseUrl: url, ...options });
  const profile = await client.signup({ username, password, displayName: name });
  await client.login({ username, password });
  return { client, username, password, userId: profile.userId, name, url };
}

/** A client of an existing user on another device (or the same device, by `deviceId`), logged in. */
export async function anotherDevice(user, options = {}) {
  const client = newClient({ baseUrl: user.url, ...options });
  await client.login({ username: user.username, password: user.password });
  return client;
}

function newClient(options) {
  return new ParleyClient({ storage: new MemoryStorage(), reconnect: { initialMs: 100, maxMs: 1000 }, ...options });
}

export async function befriend(a, b) {
  await a.client.requestFriend(b.userId);
  await b.client.acceptFriend(a.userId);
}

/** Alice and Bob, friends, on the node at `options.url`; their clients are disconnected when test `t` ends. */
export async function friends(t, options = {}) {
  const alice = await newUser('alice', options);
  const bob = await newUser('bob', options);
  await befriend(alice, bob);
  t.after(() => {
    alice.client.disconnect();
    bob.client.disconnect();
  });
  return { alice, bob };
}

/** The next `type` event of `emitter` that `matches`, or a rejection naming what was awaited. */
export function nextEvent(emitter, type, matches = () => true, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${type}' event matching ${matches} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = emitter.on(type, (detail) => {
      if (matches(detail)) {
        clearTimeout(timer);
        off();
        resolve(detail);
      }
    });
  });
}

/** Every message event's message, in the order applied. */
export function messagesOf(client) {
  const seen = [];
  client.on('message', ({ message }) => seen.push(message));
  return seen;
}

export async function eventually(check, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    }
    await sleep(25);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Texts of `messages` sent by `userId`, in order. */
export function textsFrom(messages, userId) {
  return messages.filter((m) => m.from === userId && !m.kind).map((m) => m.text);
}

export const DROP = Symbol('drop');
export const TWICE = Symbol('twice');

/**
 * The platform WebSocket with hooks on each frame in (`incoming(data, socket)`) and out (`outgoing(data, socket)`):
 * a hook answering DROP loses the frame, TWICE (incoming) delivers it twice. `sockets` lists every socket opened.
 */
export function hookedWebSocket({ incoming = () => undefined, outgoing = () => undefined } = {}) {
  const sockets = [];
  class Hooked extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      sockets.push(this);
    }

    set onmessage(listener) {
      super.onmessage = listener && ((event) => {
        const verdict = incoming(event.data, this);
        if (verdict === DROP) {
          return;
        }
        listener(event);
        if (verdict === TWICE) {
          listener(event);
        }
      });
    }

    get onmessage() {
      return super.onmessage;
    }

    send(data) {
      if (outgoing(data, this) !== DROP) {
        super.send(data);
      }
    }
  }
  return { WebSocket: Hooked, sockets };
}

export function frameOf(data) {
  return JSON.parse(data);
}
