// Parley client library: one ES module for browsers and Node 20+, no build step. It implements docs/PROTOCOL.md:
// accounts and the HTTP API, one real-time connection per device over WebSocket (/v1/ws) with a SockJS fallback
// (/v1/sockjs), the inbox cursor, resends with the same clientMessageId, reconnects with jittered backoff,
// heartbeats, presence, read receipts and typing. docs/CLIENT.md is its manual.

/** An error the server answered (its `code`, e.g. TEXT_TOO_LONG) or a local one (NETWORK, GAP, REPLACED). */
export class ParleyError extends Error {
  constructor(code, message, { status = null, retryAfter = null } = {}) {
    super(message || code);
    this.name = 'ParleyError';
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** A storage with the localStorage interface, kept in memory: the default in Node. */
export class MemoryStorage {
  #items = new Map();

  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }

  setItem(key, value) {
    this.#items.set(key, String(value));
  }

  removeItem(key) {
    this.#items.delete(key);
  }
}

/** localStorage where there is one (browsers), else a fresh MemoryStorage. */
function defaultStorage() {
  try {
    if (globalThis.localStorage) {
      return globalThis.localStorage;
    }
  } catch {
    // a browser with storage turned off throws on access
  }
  return new MemoryStorage();
}

/** The conversation id of the direct conversation of two users: both compute the same one. */
export function directConversationId(userA, userB) {
  return userA < userB ? `dm:${userA}:${userB}` : `dm:${userB}:${userA}`;
}

/** The conversation id of a group. */
export function groupConversationId(groupId) {
  return `group:${groupId}`;
}

/** Counts code points, as the server's text limit does (a surrogate pair is one). */
export function codePoints(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    count++;
  }
  return count;
}

/** A small event emitter a UI binds to: `on` returns the function that unsubscribes. */
export class Emitter {
  #listeners = new Map();

  on(type, listener) {
    if (!this.#listeners.has(type)) {
      this.#listeners.set(type, new Set());
    }
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  once(type, listener) {
    const off = this.on(type, (detail) => {
      off();
      listener(detail);
    });
    return off;
  }

  emit(type, detail) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(detail);
      } catch (e) {
        // one listener's bug must not break the client nor the other listeners
        console.error(`parley: a '${type}' listener threw`, e);
      }
    }
  }
}

const CLOSE = {
  SILENT: 4000,
  SLOW: 4001,
  MOVE: 4002,
  RATE: 4008,
  REVOKED: 4401,
  REPLACED: 4409,
  DELETED: 4410,
};

const DEFAULT_MAX_TEXT = 99999;

/** Growing delays with jitter: base * 2^attempt, capped, each drawn from its upper half so clients spread out. */
export function backoffDelay(attempt, { initialMs, maxMs }, random = Math.random) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function randomId(bytes = 8) {
  const data = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(data);
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The device's place in its user's inbox: the highest seq it holds with nothing missing below, kept in storage so a
 * restarted client syncs only what it missed. `null` until the device has ever synced.
 */
class InboxCursor {
  #storage;
  #key;
  #value;

  constructor(storage, key) {
    this.#storage = storage;
    this.#key = key;
    const stored = storage.getItem(key);
    this.#value = stored === null ? null : Number(stored);
  }

  get value() {
    return this.#value;
  }

  set(seq) {
    this.#value = seq;
    this.#storage.setItem(this.#key, String(seq));
  }
}

/**
 * Sends that have no ack yet, kept in storage too, so a reloaded page or restarted process resends them with the
 * same clientMessageId and the server stores each once.
 */
class Outbox {
  #storage;
  #key;
  entries = new Map();

  constructor(storage, key) {
    this.#storage = storage;
    this.#key = key;
    for (const saved of JSON.parse(storage.getItem(key) ?? '[]')) {
      this.entries.set(saved.clientMessageId, { ...saved, state: 'queued', attempts: 0 });
    }
  }

  add(entry) {
    this.entries.set(entry.clientMessageId, entry);
    this.save();
  }

  remove(clientMessageId) {
    const entry = this.entries.get(clientMessageId);
    this.entries.delete(clientMessageId);
    this.save();
    return entry;
  }

  save() {
    const kept = [...this.entries.values()].map(({ clientMessageId, conversationId, toUser, toGroup, text, createdAt }) =>
      ({ clientMessageId, conversationId, toUser, toGroup, text, createdAt }));
    if (kept.length === 0) {
      this.#storage.removeItem(this.#key);
    } else {
      this.#storage.setItem(this.#key, JSON.stringify(kept));
    }
  }
}

/**
 * One Parley account on one device. Log in (or restore the stored session), `connect()`, bind to the events, send.
 * Events: `state`, `welcome`, `message`, `synced`, `ack`, `outbox`, `presence`, `read`, `typing`, `error`,
 * `sessionEnded`, `replaced` (see docs/CLIENT.md for each one's detail).
 */
export class ParleyClient extends Emitter {
  constructor(options = {}) {
    super();
    this.baseUrl = (options.baseUrl ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    if (!this.baseUrl) {
      throw new ParleyError('INVALID', 'baseUrl is required outside a browser');
    }
    this.storage = options.storage ?? defaultStorage();
    this.prefix = options.storagePrefix ?? 'parley.';
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.SockJS = options.SockJS ?? globalThis.SockJS;
    this.transport = options.transport ?? 'auto';
    this.sockjsTransports = options.sockjsTransports ?? null;
    this.followDiscovery = options.followDiscovery ?? true;
    this.startAt = options.startAt ?? 'beginning';
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.random = options.random ?? Math.random;
    this.reconnectDelays = { initialMs: 500, maxMs: 30000, ...options.reconnect };
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15000;
    this.idleProbeMs = options.idleProbeMs ?? 30000;
    this.welcomeTimeoutMs = options.welcomeTimeoutMs ?? 10000;
    this.syncLimit = options.syncLimit ?? 200;
    this.typingEveryMs = options.typingEveryMs ?? 3000;
    this.typingShowMs = options.typingShowMs ?? 5000;
    this.deviceId = options.deviceId ?? this.#storedDeviceId();
    this.session = JSON.parse(this.storage.getItem(this.prefix + 'session') ?? 'null');
    this.state = 'idle';
    this.transportInUse = null;
    this.presence = new Map();
    this.maxTextLength = DEFAULT_MAX_TEXT;
    this.#typingSent = new Map();
    this.#typingShown = new Map();
    this.#bindOnlineEvents();
    if (this.session) {
      this.#openAccountState();
    }
  }

  #socket = null;
  #welcomed = false;
  #lastHeardAt = 0;
  #wanted = false;
  #attempt = 0;
  #webSocketFailures = 0;
  #retryTimer = null;
  #heartbeatTimer = null;
  #watchdogTimer = null;
  #welcomeTimer = null;
  #reconnectHint = null;
  #refs = 0;
  #sync = null;
  #highestSeen = 0;
  #snapshotting = false;
  #pausedUntil = 0;
  #pauseTimer = null;
  #paceMs = 0;
  #pacedUntil = 0;
  #paceTimer = null;
  #readSent = new Map();
  #typingSent;
  #typingShown;
  #connectWaiters = [];
  cursor = null;
  outbox = null;

  // ---- accounts and sessions ----

  /** `POST /v1/accounts`; answers the profile. Does not log in. */
  signup({ username, password, displayName }) {
    return this.request('POST', '/v1/accounts', { username, password, displayName }, { auth: false });
  }

  /** `POST /v1/sessions`; keeps the session (token, userId) in storage and answers it. */
  async login({ username, password }) {
    const session = await this.request('POST', '/v1/sessions', { username, password }, { auth: false });
    this.#keepSession({ ...session, username, issuedAt: Date.now() });
    return this.session;
  }

  /** Whether a session is kept (it may still turn out to have ended: then `sessionEnded` fires). */
  get loggedIn() {
    return this.session !== null;
  }

  get userId() {
    return this.session?.userId ?? null;
  }

  /** Ends this session on the server (`DELETE /v1/sessions/current`) and forgets it here. */
  async logout() {
    this.disconnect();
    try {
      await this.request('DELETE', '/v1/sessions/current');
    } catch (e) {
      if (e.code !== 'UNAUTHORIZED') {
        throw e;
      }
    } finally {
      this.#forgetSession();
    }
  }

  /** `POST /v1/sessions/current/renew` once half the token's lifetime is gone; a no-op before that. */
  async renewIfDue(now = Date.now()) {
    const { expiresAt, issuedAt } = this.session ?? {};
    if (!expiresAt || now < issuedAt + (expiresAt - issuedAt) / 2) {
      return false;
    }
    const renewed = await this.request('POST', '/v1/sessions/current/renew');
    this.#keepSession({ ...this.session, ...renewed, issuedAt: now });
    return true;
  }

  // ---- the HTTP API ----

  /**
   * One HTTP request to the API; answers the parsed body (`null` for 204) or throws a ParleyError with the server's
   * code: NETWORK if the server cannot be reached, INTERNAL (with the HTTP status) for an answer without an error
   * body or one that is not JSON. A 401 on an authenticated request means the session has ended: the client stops
   * and fires `sessionEnded`.
   */
  async request(method, path, body, { auth = true } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (auth) {
      if (!this.session) {
        throw new ParleyError('UNAUTHORIZED', 'not logged in');
      }
      headers.Authorization = `Bearer ${this.session.token}`;
    }
    let response;
    let text;
    try {
      response = await this.fetch(this.baseUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
      text = await response.text();
    } catch (e) {
      throw new ParleyError('NETWORK', `cannot reach the server: ${e.message}`);
    }
    const parsed = parseAnswer(text);
    if (response.ok && parsed !== undefined) {
      return parsed;
    }
    const error = parsed?.error ?? {
      code: 'INTERNAL', message: `HTTP ${response.status}${parsed === undefined ? ', an answer that is not JSON' : ''}`,
    };
    const retryAfter = response.headers.get('Retry-After');
    const failure = new ParleyError(error.code, error.message, {
      status: response.status, retryAfter: retryAfter === null ? null : Number(retryAfter) * 1000,
    });
    if (auth && response.status === 401) {
      this.#sessionEnded('unauthorized');
    }
    throw failure;
  }

  me() { return this.request('GET', '/v1/me'); }
  updateMe(changes) { return this.request('PATCH', '/v1/me', changes); }
  user(userId) { return this.request('GET', `/v1/users/${encodeURIComponent(userId)}`); }
  userByName(username) { return this.request('GET', `/v1/users?username=${encodeURIComponent(username)}`); }
  async friends() { return (await this.request('GET', '/v1/friends')).friends; }
  friendRequests() { return this.request('GET', '/v1/friend-requests'); }
  requestFriend(userId) { return this.request('POST', `/v1/friend-requests/${encodeURIComponent(userId)}`); }
  acceptFriend(userId) { return this.request('POST', `/v1/friend-requests/${encodeURIComponent(userId)}/accept`); }
  declineFriend(userId) { return this.request('POST', `/v1/friend-requests/${encodeURIComponent(userId)}/decline`); }
  cancelFriendRequest(userId) { return this.request('DELETE', `/v1/friend-requests/${encodeURIComponent(userId)}`); }
  removeFriend(userId) { return this.request('DELETE', `/v1/friends/${encodeURIComponent(userId)}`); }
  async blocks() { return (await this.request('GET', '/v1/blocks')).blocks; }
  block(userId) { return this.request('PUT', `/v1/blocks/${encodeURIComponent(userId)}`); }
  unblock(userId) { return this.request('DELETE', `/v1/blocks/${encodeURIComponent(userId)}`); }
  async groups() { return (await this.request('GET', '/v1/groups')).groups; }
  group(groupId) { return this.request('GET', `/v1/groups/${encodeURIComponent(groupId)}`); }
  createGroup(name, members = []) { return this.request('POST', '/v1/groups', { name, members }); }
  renameGroup(groupId, name) { return this.request('PATCH', `/v1/groups/${encodeURIComponent(groupId)}`, { name }); }
  addMember(groupId, userId) {
    return this.request('POST', `/v1/groups/${encodeURIComponent(groupId)}/members`, { userId });
  }
  removeMember(groupId, userId) {
    return this.request('DELETE', `/v1/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}`);
  }
  sessions() { return this.request('GET', '/v1/sessions'); }
  /** Ends another session of this account (`DELETE /v1/sessions/{sessionId}`): its sockets close with 4401. */
  endSession(sessionId) { return this.request('DELETE', `/v1/sessions/${encodeURIComponent(sessionId)}`); }
  discovery() { return this.request('GET', '/v1/discovery'); }

  /** `GET /v1/conversations`: `{conversations, hasMore}`, most recent activity first. */
  conversations({ before, limit } = {}) {
    return this.request('GET', '/v1/conversations' + query({ before, limit }));
  }

  /** `GET .../messages` with one of `before`, `after`, `around` (or none: the newest), ascending. */
  history(conversationId, { before, after, around, limit } = {}) {
    return this.request('GET', `/v1/conversations/${encodeURIComponent(conversationId)}/messages`
      + query({ before, after, around, limit }));
  }

  /** `GET .../read`: every member's read cursor, by user id. */
  async reads(conversationId) {
    return (await this.request('GET', `/v1/conversations/${encodeURIComponent(conversationId)}/read`)).reads;
  }

  /**
   * Marks the conversation read up to `messageId` (`PUT .../read`); every member's devices then get a `read` event.
   * A cursor at or below one already marked from here is not sent again: the server's only moves forward.
   */
  async markRead(conversationId, messageId) {
    const marked = this.#readSent.get(conversationId);
    if (marked && marked >= messageId) {
      return { conversationId, messageId: marked };
    }
    this.#readSent.set(conversationId, messageId);
    try {
      return await this.request('PUT', `/v1/conversations/${encodeURIComponent(conversationId)}/read`, { messageId });
    } catch (e) {
      if (this.#readSent.get(conversationId) === messageId) {
        this.#readSent.set(conversationId, marked);
      }
      throw e;
    }
  }

  // ---- the real-time connection ----

  /**
   * Connects, and keeps connecting after losses, until `disconnect()` or the session ends. Answers once the device
   * is caught up with its inbox for the first time; rejects if the session ends or the device is replaced first.
   */
  connect() {
    if (!this.session) {
      return Promise.reject(new ParleyError('UNAUTHORIZED', 'not logged in'));
    }
    const caughtUp = new Promise((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
    if (!this.#wanted) {
      this.#wanted = true;
      this.#attempt = 0;
      this.#open();
    } else if (this.state === 'online' && !this.#sync) {
      this.#settleWaiters(null);
    }
    return caughtUp;
  }

  /** Closes the connection and stops reconnecting. Unacked sends stay in the outbox for the next connect. */
  disconnect() {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    this.#closeSocket(1000, 'bye');
    this.#setState('idle');
  }

  /** Reconnects now (after a long backoff, on a user's "retry" click). */
  reconnectNow() {
    if (this.#wanted && this.state !== 'online' && this.state !== 'connecting') {
      clearTimeout(this.#retryTimer);
      this.#open();
    }
  }

  /**
   * Sends a text message to a conversation (`conversationId`) or a user (`toUser`) or group (`toGroup`). Answers the
   * ack once the server has stored it; until then it is in `pendingSends()`, and resent with the same
   * clientMessageId after a reconnect or a retryable refusal. Rejects with the server's error (TEXT_TOO_LONG,
   * NOT_MEMBER, REFUSED, NOT_FOUND, INVALID) or UNAUTHORIZED if the session ends.
   */
  send({ conversationId, toUser, toGroup, text, clientMessageId }) {
    if (!this.session) {
      return Promise.reject(new ParleyError('UNAUTHORIZED', 'not logged in'));
    }
    let target;
    try {
      target = this.#target({ conversationId, toUser, toGroup });
    } catch (e) {
      return Promise.reject(e);
    }
    if (typeof text !== 'string' || text.length === 0) {
      return Promise.reject(new ParleyError('INVALID', 'a message needs text'));
    }
    const length = codePoints(text);
    if (length > this.maxTextLength) {
      return Promise.reject(new ParleyError('TEXT_TOO_LONG',
        `text is ${length} characters, at most ${this.maxTextLength} are allowed`));
    }
    const entry = {
      clientMessageId: clientMessageId ?? `c-${Date.now().toString(36)}-${randomId(6)}`,
      ...target, text, createdAt: Date.now(), state: 'queued', attempts: 0,
    };
    const acked = new Promise((resolve, reject) => Object.assign(entry, { resolve, reject }));
    this.outbox.add(entry);
    this.emit('outbox', this.pendingSends());
    this.#flushOutbox();
    return acked;
  }

  /** The sends without an ack, oldest first: `{clientMessageId, conversationId, text, createdAt, state}`. */
  pendingSends() {
    return [...this.outbox.entries.values()].map(({ clientMessageId, conversationId, text, createdAt, state }) =>
      ({ clientMessageId, conversationId, text, createdAt, state }));
  }

  /**
   * Tells the conversation's other members this user is typing; call it on every keystroke. It sends at most once per
   * `typingEveryMs` (3 s by default) for each conversation, and only while online and not paused by RATE_LIMITED:
   * nothing is queued for later.
   */
  typing(conversationId) {
    const now = Date.now();
    if (this.state !== 'online' || now - (this.#typingSent.get(conversationId) ?? 0) < this.typingEveryMs) {
      return;
    }
    this.#typingSent.set(conversationId, now);
    this.#write({ type: 'typing', conversationId });
  }

  /**
   * The user ids shown typing in a conversation now: each until `typingShowMs` (5 s by default) pass without another
   * `typing` frame of theirs, or the connection drops.
   */
  typingIn(conversationId) {
    return [...(this.#typingShown.get(conversationId)?.keys() ?? [])];
  }

  // ---- internals: connecting ----

  async #open() {
    clearTimeout(this.#retryTimer);
    this.#setState('connecting');
    let address = null;
    try {
      address = (await this.discovery()).address;
    } catch (e) {
      if (e.code === 'UNAUTHORIZED') {
        return; // request() has ended the session
      }
      this.#retryLater(null, e);
      return;
    }
    if (!this.#wanted || this.state !== 'connecting') {
      return;
    }
    const kind = this.#pickTransport();
    try {
      this.#socket = kind === 'websocket' ? this.#openWebSocket(address) : this.#openSockJs(address);
    } catch (e) {
      if (e instanceof ParleyError) {
        // no implementation of the transport: retrying cannot help
        this.#wanted = false;
        this.#setState('stopped', { reason: e.message });
        this.#settleWaiters(e);
      } else {
        this.#retryLater(null, e);
      }
      return;
    }
    this.transportInUse = kind;
    this.#welcomed = false;
    this.#lastHeardAt = Date.now();
    this.#welcomeTimer = setTimeout(() => this.#closeSocket(4000, 'no welcome'), this.welcomeTimeoutMs);
  }

  #pickTransport() {
    if (this.transport !== 'auto') {
      return this.transport;
    }
    if (!this.WebSocket || (this.SockJS && this.#webSocketFailures >= 2)) {
      return 'sockjs';
    }
    return 'websocket';
  }

  #httpBase(address) {
    if (!this.followDiscovery || !address) {
      return this.baseUrl;
    }
    return `${new URL(this.baseUrl).protocol}//${address}`;
  }

  #credentials() {
    return `token=${encodeURIComponent(this.session.token)}&deviceId=${encodeURIComponent(this.deviceId)}`;
  }

  #openWebSocket(address) {
    if (!this.WebSocket) {
      throw new ParleyError('INVALID', 'no WebSocket implementation: pass options.WebSocket');
    }
    const url = this.#httpBase(address).replace(/^http/, 'ws') + `/v1/ws?${this.#credentials()}`;
    const socket = new this.WebSocket(url);
    this.#bindSocket(socket);
    return socket;
  }

  #openSockJs(address) {
    if (!this.SockJS) {
      throw new ParleyError('INVALID', 'no SockJS implementation: load /assets/sockjs.min.js or pass options.SockJS');
    }
    const url = this.#httpBase(address) + `/v1/sockjs?${this.#credentials()}`;
    const options = this.sockjsTransports ? { transports: this.sockjsTransports } : {};
    const socket = new this.SockJS(url, null, options);
    this.#bindSocket(socket);
    return socket;
  }

  #bindSocket(socket) {
    socket.onmessage = (event) => {
      if (socket === this.#socket) {
        this.#receive(event.data);
      }
    };
    socket.onclose = (event) => {
      if (socket === this.#socket) {
        this.#socketClosed(socket, event.code, event.reason);
      }
    };
    socket.onerror = () => {
      // browsers fire onclose next, with the code; Node 20's WebSocket fires only this when it cannot connect (and
      // fires it again, without end, if close() is called from here)
      this.#socketClosed(socket, 1006, 'transport error');
    };
  }

  #closeSocket(code, reason) {
    const socket = this.#socket;
    if (!socket) {
      return;
    }
    try {
      socket.close(code, reason);
    } catch {
      // already closing
    }
    // browsers and SockJS fire onclose later (or never for a dead network); act now, once
    this.#socketClosed(socket, code, reason);
  }

  #socketClosed(socket, code, reason) {
    if (socket !== this.#socket) {
      return;
    }
    this.#socket = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    const welcomed = this.#welcomed;
    this.#welcomed = false;
    clearTimeout(this.#welcomeTimer);
    clearInterval(this.#heartbeatTimer);
    clearInterval(this.#watchdogTimer);
    clearTimeout(this.#pauseTimer);
    clearTimeout(this.#paceTimer);
    this.#paceTimer = null;
    this.#pausedUntil = 0;
    this.#sync = null;
    for (const entry of this.outbox.entries.values()) {
      if (entry.state === 'inflight') {
        entry.state = 'queued';
      }
    }
    this.#clearTyping();
    // a drain's delay belongs to the 4002 close right after it: a close of another kind must not keep it for later
    const hint = this.#reconnectHint;
    this.#reconnectHint = null;
    if (this.transportInUse === 'websocket') {
      this.#webSocketFailures = welcomed ? 0 : this.#webSocketFailures + 1;
    }
    if (!this.#wanted) {
      return;
    }
    if (code === CLOSE.REVOKED || code === CLOSE.DELETED) {
      this.#sessionEnded(code === CLOSE.DELETED ? 'deleted' : 'revoked');
    } else if (code === CLOSE.REPLACED) {
      this.#wanted = false;
      this.#setState('stopped', { reason: 'replaced' });
      this.emit('replaced', { code, reason });
      this.#settleWaiters(new ParleyError('REPLACED', 'this device connected elsewhere'));
    } else if (code === CLOSE.MOVE) {
      this.#retryLater(hint ?? Math.round(this.random() * 1000), null, code);
    } else {
      const step = backoffDelay(this.#attempt++, this.reconnectDelays, this.random);
      // 4008: come back later, at a lower rate
      this.#retryLater(code === CLOSE.RATE ? Math.max(5000, step) : step, null, code);
    }
  }

  /** Schedules the next attempt: after `delay` ms if given, else the next jittered backoff step. */
  #retryLater(delay, error, code = null) {
    if (!this.#wanted) {
      return;
    }
    const wait = delay ?? backoffDelay(this.#attempt++, this.reconnectDelays, this.random);
    this.#setState('offline', { retryInMs: wait, code, error: error?.message ?? null });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#open(), wait);
  }

  #bindOnlineEvents() {
    if (typeof globalThis.addEventListener !== 'function' || !('onLine' in (globalThis.navigator ?? {}))) {
      return;
    }
    // a dead network leaves a socket open for minutes: believe the browser when it says so
    globalThis.addEventListener('offline', () => this.#closeSocket(4000, 'browser offline'));
    globalThis.addEventListener('online', () => this.reconnectNow());
  }

  // ---- internals: frames ----

  #write(frame) {
    const socket = this.#socket;
    if (!socket || !this.#welcomed || Date.now() < this.#pausedUntil) {
      return false;
    }
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  #nextRef(prefix) {
    this.#refs += 1;
    return `${prefix}${this.#refs}`;
  }

  #receive(data) {
    this.#lastHeardAt = Date.now();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome': return this.#onWelcome(frame);
      case 'message': return this.#onLive(frame);
      case 'sync.page': return this.#onPage(frame);
      case 'ack': return this.#onAck(frame);
      case 'error': return this.#onError(frame);
      case 'presence': return this.#onPresence(frame);
      case 'read': return this.emit('read', frame);
      case 'typing': return this.#onTyping(frame);
      case 'reconnect':
        this.#reconnectHint = frame.afterMs;
        return undefined;
      default: return undefined; // a frame type from a newer server
    }
  }

  #onWelcome(frame) {
    this.#welcomed = true;
    clearTimeout(this.#welcomeTimer);
    this.#attempt = 0;
    this.maxTextLength = frame.maxTextLength ?? DEFAULT_MAX_TEXT;
    this.#snapshotting = true;
    const interval = frame.heartbeatInterval ?? 5000;
    this.#heartbeatTimer = setInterval(() => this.#write({ type: 'heartbeat' }), interval);
    this.#watchdogTimer = setInterval(() => this.#watchdog(), 1000);
    this.#setState('online', { transport: this.transportInUse });
    this.emit('welcome', frame);
    this.#startSync('connect');
    this.#flushOutbox();
  }

  /**
   * A socket that answers nothing for ackTimeoutMs is taken for dead (a network that vanished without a close). A
   * quiet one is asked for a sync now and then, which tests it and fetches anything a lost frame held.
   */
  #watchdog() {
    const now = Date.now();
    if (!this.#sync && now - this.#lastHeardAt > this.idleProbeMs) {
      this.#requestPage({ after: this.cursor.value ?? 0, limit: this.syncLimit, reason: 'probe' });
    }
    const waiting = [...this.outbox.entries.values()].filter((e) => e.state === 'inflight').map((e) => e.sentAt);
    if (this.#sync?.sentAt) {
      waiting.push(this.#sync.sentAt);
    }
    if (now >= this.#pausedUntil && waiting.some((sentAt) => now - sentAt > this.ackTimeoutMs)) {
      this.#closeSocket(4000, 'no answer');
    }
  }

  #startSync(reason) {
    const cursor = this.cursor.value;
    if (cursor === null && this.startAt === 'latest') {
      this.#requestPage({ after: 0, limit: 1, reason, findEnd: true });
    } else {
      this.#requestPage({ after: cursor ?? 0, limit: this.syncLimit, reason });
    }
  }

  /** One sync in flight at a time; `reason` (connect, gap, probe) is told in `synced` when it is caught up. */
  #requestPage({ after, limit, reason, findEnd = false }) {
    const ref = this.#nextRef('s');
    this.#sync = { ref, after, limit, reason, findEnd, sentAt: Date.now() };
    this.#write({ type: 'sync', ref, after, limit });
  }

  #onPage(frame) {
    const sync = this.#sync;
    if (!sync || frame.ref !== sync.ref) {
      return;
    }
    const next = { limit: this.syncLimit, reason: sync.reason };
    if (sync.findEnd) {
      // a device that starts at the latest: its history comes from the HTTP API, its inbox from here on
      this.cursor.set(Math.max(this.cursor.value ?? 0, frame.lastSeq ?? 0));
      this.#requestPage({ ...next, after: this.cursor.value });
      return;
    }
    const entries = frame.entries ?? [];
    for (const entry of entries) {
      this.#apply(entry.seq, entry.message, false);
    }
    const cursor = this.cursor.value ?? 0;
    if (!frame.caughtUp) {
      this.#requestPage({ ...next, after: cursor });
    } else if (this.#highestSeen > cursor) {
      // a live frame showed more than this page had: ask again, after a breath if the page brought nothing
      sync.sentAt = null;
      setTimeout(() => this.#sync === sync && this.#requestPage({ ...next, after: this.cursor.value ?? 0 }),
        entries.length ? 0 : 250);
    } else {
      this.#sync = null;
      this.emit('synced', { cursor, lastSeq: frame.lastSeq, reason: sync.reason });
      this.#settleWaiters(null);
    }
  }

  #onLive(frame) {
    this.#highestSeen = Math.max(this.#highestSeen, frame.seq);
    const cursor = this.cursor.value;
    if (cursor !== null && frame.seq === cursor + 1) {
      this.#apply(frame.seq, frame.message, true);
    } else if (cursor === null || frame.seq > cursor + 1) {
      if (!this.#sync) {
        this.#requestPage({ after: cursor ?? 0, limit: this.syncLimit, reason: 'gap' });
      }
    }
    // seq at or below the cursor: a duplicate, already applied
  }

  #apply(seq, message, live) {
    const cursor = this.cursor.value ?? 0;
    if (seq <= cursor) {
      return;
    }
    if (seq !== cursor + 1) {
      // a page starts past the cursor only if the server's inbox does: never skip silently
      this.emit('error', new ParleyError('GAP', `inbox entry ${seq} after cursor ${cursor}`));
    }
    this.cursor.set(seq);
    this.emit('message', { seq, message, live });
  }

  #onAck(frame) {
    const entry = this.outbox.remove(frame.clientMessageId);
    if (!entry) {
      return; // an ack of a resend whose first ack already came
    }
    entry.resolve?.(frame);
    this.emit('ack', frame);
    this.emit('outbox', this.pendingSends());
  }

  #onError(frame) {
    const error = new ParleyError(frame.code, frame.message, { retryAfter: frame.retryAfter ?? null });
    if (frame.code === 'RATE_LIMITED') {
      this.#pauseWrites(frame.retryAfter ?? 1000);
      return;
    }
    const entry = this.#sendOf(frame);
    if (entry) {
      this.#sendRefused(entry, error);
    } else if (this.#sync && frame.ref === this.#sync.ref) {
      const sync = this.#sync;
      sync.sentAt = null;
      setTimeout(() => this.#sync === sync && this.#requestPage(sync), frame.retryAfter ?? 1000);
    } else {
      this.emit('error', error);
    }
  }

  #sendOf(frame) {
    if (frame.clientMessageId && this.outbox.entries.has(frame.clientMessageId)) {
      return this.outbox.entries.get(frame.clientMessageId);
    }
    return [...this.outbox.entries.values()].find((e) => e.ref && e.ref === frame.ref) ?? null;
  }

  #sendRefused(entry, error) {
    // the one refusal resent from here: RATE_LIMITED never comes here, #onError pauses every write for it
    if (error.code === 'UNAVAILABLE') {
      // a busy node says when (retryAfter); a store that cannot write does not: 1-2 s, doubling to 30-60 s
      const wait = error.retryAfter ?? backoffDelay(entry.attempts++, { initialMs: 2000, maxMs: 60000 }, this.random);
      entry.state = 'waiting';
      setTimeout(() => {
        if (entry.state === 'waiting') {
          entry.state = 'queued';
          this.#flushOutbox();
        }
      }, wait);
      this.emit('outbox', this.pendingSends());
      return;
    }
    this.outbox.remove(entry.clientMessageId);
    entry.reject?.(error);
    this.emit('outbox', this.pendingSends());
    if (!entry.reject) {
      this.emit('error', error); // a send restored from storage has no caller left to tell
    }
  }

  /**
   * After RATE_LIMITED the server dropped, unanswered, what it had read behind the refused frame: wait, then resend
   * every send and sync still without an answer.
   */
  #pauseWrites(retryAfter) {
    this.#pausedUntil = Date.now() + retryAfter;
    // resending all at once would be refused again, and a connection refused again for 5 s is closed (4008): send
    // one frame per retryAfter (about the server's rate) until a few seconds pass without a refusal
    this.#paceMs = Math.max(this.#paceMs, retryAfter);
    this.#pacedUntil = this.#pausedUntil + 3000;
    for (const entry of this.outbox.entries.values()) {
      if (entry.state === 'inflight') {
        entry.state = 'queued';
      }
    }
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = setTimeout(() => {
      this.#pausedUntil = 0;
      if (this.#sync) {
        this.#requestPage(this.#sync);
      }
      this.#flushOutbox();
    }, retryAfter);
  }

  #flushOutbox() {
    const now = Date.now();
    const paced = now < this.#pacedUntil;
    if (!paced) {
      this.#paceMs = 0;
    }
    if (this.#paceTimer !== null) {
      return; // a paced flush is due; it sends the next one
    }
    for (const entry of this.outbox.entries.values()) {
      if (entry.state !== 'queued') {
        continue;
      }
      entry.ref = this.#nextRef('m');
      const frame = { type: 'send', ref: entry.ref, clientMessageId: entry.clientMessageId, text: entry.text };
      if (entry.toGroup) {
        frame.toGroup = entry.toGroup;
      } else {
        frame.toUser = entry.toUser;
      }
      if (!this.#write(frame)) {
        return;
      }
      entry.state = 'inflight';
      entry.sentAt = now;
      if (paced) {
        this.#paceTimer = setTimeout(() => {
          this.#paceTimer = null;
          this.#flushOutbox();
        }, this.#paceMs);
        return;
      }
    }
  }

  #target({ conversationId, toUser, toGroup }) {
    if (toGroup) {
      return { toGroup, conversationId: groupConversationId(toGroup) };
    }
    if (toUser) {
      return { toUser, conversationId: directConversationId(this.session.userId, toUser) };
    }
    const group = /^group:(.+)$/.exec(conversationId ?? '');
    if (group) {
      return { toGroup: group[1], conversationId };
    }
    const direct = /^dm:([^:]+):([^:]+)$/.exec(conversationId ?? '');
    if (direct) {
      const other = direct[1] === this.session.userId ? direct[2] : direct[1];
      return { toUser: other, conversationId };
    }
    throw new ParleyError('INVALID', `not a conversation id: ${conversationId}`);
  }

  #onPresence(frame) {
    if (frame.snapshot && this.#snapshotting) {
      // a friend not in the snapshot is offline
      for (const [userId, known] of this.presence) {
        this.presence.set(userId, { ...known, online: false });
      }
      this.#snapshotting = false;
    }
    for (const user of frame.users ?? []) {
      this.presence.set(user.userId, { online: user.online, lastActiveAt: user.lastActiveAt ?? null });
    }
    this.emit('presence', { users: frame.users ?? [], snapshot: !!frame.snapshot, more: !!frame.more });
  }

  #onTyping({ conversationId, userId }) {
    if (!this.#typingShown.has(conversationId)) {
      this.#typingShown.set(conversationId, new Map());
    }
    const shown = this.#typingShown.get(conversationId);
    clearTimeout(shown.get(userId));
    const wasTyping = shown.has(userId);
    shown.set(userId, setTimeout(() => {
      shown.delete(userId);
      this.emit('typing', { conversationId, userId, typing: false });
    }, this.typingShowMs));
    if (!wasTyping) {
      this.emit('typing', { conversationId, userId, typing: true });
    }
  }

  #clearTyping() {
    for (const [conversationId, shown] of this.#typingShown) {
      for (const [userId, timer] of shown) {
        clearTimeout(timer);
        this.emit('typing', { conversationId, userId, typing: false });
      }
    }
    this.#typingShown.clear();
  }

  // ---- internals: state ----

  #setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, ...detail });
  }

  #settleWaiters(error) {
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    for (const waiter of waiters) {
      if (error) {
        waiter.reject(error);
      } else {
        waiter.resolve();
      }
    }
  }

  #storedDeviceId() {
    const key = this.prefix + 'deviceId';
    let id = this.storage.getItem(key);
    if (!id) {
      id = `d-${randomId(8)}`;
      this.storage.setItem(key, id);
    }
    return id;
  }

  #keepSession(session) {
    const changedUser = this.session?.userId !== session.userId;
    this.session = session;
    this.storage.setItem(this.prefix + 'session', JSON.stringify(session));
    if (changedUser) {
      this.#openAccountState();
    }
  }

  #openAccountState() {
    const scope = `${this.session.userId}.${this.deviceId}`;
    this.cursor = new InboxCursor(this.storage, `${this.prefix}cursor.${scope}`);
    this.outbox = new Outbox(this.storage, `${this.prefix}outbox.${scope}`);
    this.#highestSeen = 0;
    this.presence.clear();
    this.#readSent.clear();
  }

  #forgetSession() {
    this.session = null;
    this.storage.removeItem(this.prefix + 'session');
  }

  #sessionEnded(reason) {
    if (!this.session) {
      return;
    }
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    this.#closeSocket(1000, 'session ended');
    const error = new ParleyError('UNAUTHORIZED', `session ended: ${reason}`);
    for (const entry of this.outbox.entries.values()) {
      entry.reject?.(error);
    }
    this.outbox.entries.clear();
    this.outbox.save();
    this.#forgetSession();
    this.#setState('stopped', { reason });
    this.emit('sessionEnded', { reason });
    this.#settleWaiters(error);
  }
}

/** An answer's body as JSON, `null` if empty, `undefined` if it is not JSON (a proxy's error page, say). */
function parseAnswer(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function query(params) {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
