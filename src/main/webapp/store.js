// The app's state, kept from parley.js alone: the HTTP API for what is there at start, the client's events for
// everything after. Views read `store.state` and re-render on `store.subscribe`.
import { ParleyClient, directConversationId, groupConversationId } from './js/parley.js';

const PAGE = 50;

/** A device id per tab (sessionStorage): two tabs of one account are two devices, or each would replace the other. */
function tabDeviceId() {
  let id = sessionStorage.getItem('parley.tabDeviceId');
  if (!id) {
    id = `web-${crypto.getRandomValues(new Uint32Array(2)).join('')}`.slice(0, 40);
    sessionStorage.setItem('parley.tabDeviceId', id);
  }
  return id;
}

/** The text a person reads for an error code (PROTOCOL.md section 4). */
export function explain(error) {
  switch (error?.code) {
    case 'TEXT_TOO_LONG': return 'That message is too long: at most 99,999 characters.';
    case 'RATE_LIMITED': return 'You are sending too fast. Wait a moment and try again.';
    case 'NOT_MEMBER': return 'You are not a member of this conversation.';
    case 'REFUSED': return 'This user does not take your messages.';
    case 'NOT_FOUND': return 'Not found: no such user or group.';
    case 'USERNAME_TAKEN': return 'That username is taken.';
    case 'UNAUTHORIZED': return 'Wrong username or password.';
    case 'ALREADY_FRIENDS': return 'You are friends already.';
    case 'ALREADY_REQUESTED': return 'You asked already; waiting for them to accept.';
    case 'GROUP_FULL': return 'The group is full (100 members).';
    case 'INVALID': return `That was not accepted: ${error.message}`;
    case 'NETWORK': return 'Cannot reach the server. Check your connection.';
    case 'UNAVAILABLE': return 'The server is busy. Try again in a moment.';
    default: return error?.message ?? 'Something went wrong.';
  }
}

/** Why the login screen came back, by the client's `sessionEnded` reason. */
const ENDED = {
  revoked: 'This device was logged out from another device (or the password was changed there). Log in again.',
  deleted: 'This account was deleted.',
  unauthorized: 'Your session has ended. Log in again.',
};

export class Store {
  constructor(location) {
    const params = new URLSearchParams(location.search);
    const forced = params.get('transport'); // e.g. ?transport=xhr-polling, for proxies that break WebSockets
    this.client = new ParleyClient({
      deviceId: tabDeviceId(),
      followDiscovery: false,
      startAt: 'latest',
      ...(forced ? { transport: 'sockjs', sockjsTransports: [forced] } : {}),
    });
    this.listeners = new Set();
    this.state = {
      screen: this.client.loggedIn ? 'chat' : 'login',
      notice: null,
      connection: { state: 'idle' },
      me: null,
      conversations: new Map(),
      messages: new Map(),
      friends: new Map(),
      requests: { incoming: [], outgoing: [] },
      groups: new Map(),
      users: new Map(),
      active: null,
      panel: null, // 'devices' while that screen takes the place of the conversation
      sessions: null,
      error: null,
      typing: new Map(),
      pending: [],
    };
    this.#bind();
    if (this.client.loggedIn) {
      this.start();
    }
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(patch = {}) {
    Object.assign(this.state, patch);
    for (const listener of this.listeners) {
      listener(this.state);
    }
  }

  fail(error) {
    this.changed({ error: explain(error) });
  }

  // ---- accounts ----

  async signup(username, password, displayName) {
    await this.client.signup({ username, password, displayName: displayName || undefined });
    await this.login(username, password);
  }

  async login(username, password) {
    await this.client.login({ username, password });
    this.changed({ screen: 'chat', notice: null, error: null });
    await this.start();
  }

  async logout() {
    await this.client.logout().catch(() => {});
    location.reload();
  }

  async start() {
    this.client.connect().catch(() => {});
    try {
      const [me, friends, requests, groups] = await Promise.all([
        this.client.me(), this.client.friends(), this.client.friendRequests(), this.client.groups()]);
      this.state.me = me;
      this.#remember(me);
      this.#setFriends(friends, requests);
      this.state.groups = new Map(groups.map((g) => [g.groupId, g]));
      await this.reloadConversations();
    } catch (e) {
      this.fail(e);
    }
  }

  async reloadConversations() {
    const { conversations } = await this.client.conversations({ limit: 100 });
    const lines = new Map(conversations.map((c) => [c.conversationId, c]));
    for (const [id, line] of this.state.conversations) {
      const fetched = lines.get(id);
      // a line opened here, or moved by a live message after the server read its list, is newer than the list
      if (!fetched || (line.lastMessage && line.lastMessage.messageId > (fetched.lastMessage?.messageId ?? ''))) {
        lines.set(id, line);
      }
    }
    this.changed({ conversations: lines });
  }

  // ---- names ----

  #remember(profile) {
    this.state.users.set(profile.userId, { ...this.state.users.get(profile.userId), ...profile });
  }

  nameOf(userId) {
    if (userId === this.state.me?.userId) {
      return 'You';
    }
    const user = this.state.users.get(userId);
    if (user) {
      return user.displayName ?? user.username;
    }
    if (user === undefined) {
      this.state.users.set(userId, null);
      this.client.user(userId).then((profile) => {
        this.#remember(profile);
        this.changed();
      }, () => this.state.users.set(userId, { userId, displayName: 'Deleted user' }));
    }
    return '…';
  }

  titleOf(conversationId) {
    const line = this.state.conversations.get(conversationId);
    if (conversationId.startsWith('group:')) {
      return this.state.groups.get(conversationId.slice(6))?.name ?? line?.name ?? 'Group';
    }
    return this.nameOf(this.otherOf(conversationId));
  }

  /** Whether this account may write in the conversation: a group it left or was removed from stays listed. */
  isMember(conversationId) {
    return !conversationId.startsWith('group:') || this.state.groups.has(conversationId.slice(6));
  }

  otherOf(conversationId) {
    const [, a, b] = conversationId.split(':');
    return a === this.state.me?.userId ? b : a;
  }

  // ---- conversations ----

  /** Opens a conversation: at the last read position when some of it is unread, else at the newest message. */
  async open(conversationId) {
    this.changed({ active: conversationId, panel: null, error: null });
    if (!this.state.conversations.has(conversationId)) {
      this.state.conversations.set(conversationId, {
        conversationId, kind: conversationId.startsWith('group:') ? 'group' : 'direct', lastMessage: null,
        unread: 0, readCursor: null,
      });
    }
    const line = this.state.conversations.get(conversationId);
    // live messages that come while the page loads gather here, and are merged into it
    const loading = { list: [], hasMoreBefore: false, hasMoreAfter: false, loading: true };
    this.state.messages.set(conversationId, loading);
    try {
      // a line from the server's list has the reads, kept current by read events since; one made here does not
      const [page, reads] = await Promise.all([
        this.client.history(conversationId, line.unread > 0 && line.readCursor
          ? { around: line.readCursor, limit: PAGE } : { limit: PAGE }),
        line.reads ?? this.client.reads(conversationId).catch(() => ({})),
      ]);
      line.reads = reads;
      this.state.messages.set(conversationId, {
        list: page.hasMoreAfter ? page.messages : merge(page.messages, loading.list),
        hasMoreBefore: page.hasMoreBefore ?? page.hasMore,
        hasMoreAfter: page.hasMoreAfter ?? false,
        dividerAfter: line.unread > 0 ? line.readCursor : null,
        openedAt: Date.now(),
      });
      this.changed();
    } catch (e) {
      this.fail(e);
    }
  }

  openWith(userId) {
    return this.open(directConversationId(this.state.me.userId, userId));
  }

  async loadOlder(conversationId) {
    const shown = this.state.messages.get(conversationId);
    if (!shown?.hasMoreBefore || shown.loading || shown.list.length === 0) {
      return false;
    }
    shown.loading = true;
    try {
      const page = await this.client.history(conversationId, { before: shown.list[0].messageId, limit: PAGE });
      shown.list = merge(page.messages, shown.list);
      shown.hasMoreBefore = page.hasMore;
      return true;
    } finally {
      shown.loading = false;
      this.changed();
    }
  }

  async loadNewer(conversationId) {
    const shown = this.state.messages.get(conversationId);
    if (!shown?.hasMoreAfter || shown.loading || shown.list.length === 0) {
      return;
    }
    shown.loading = true;
    try {
      const page = await this.client.history(conversationId, { after: shown.list.at(-1).messageId, limit: PAGE });
      shown.list = merge(shown.list, page.messages);
      shown.hasMoreAfter = page.hasMore;
    } finally {
      shown.loading = false;
      this.changed();
    }
  }

  /** The newest message shown is in view: mark the conversation read up to it. */
  markSeen(conversationId) {
    const shown = this.state.messages.get(conversationId);
    const line = this.state.conversations.get(conversationId);
    const newest = shown?.list.at(-1);
    if (!newest || shown.hasMoreAfter || !line || (line.readCursor && line.readCursor >= newest.messageId)
      || !this.isMember(conversationId)) {
      return;
    }
    line.readCursor = newest.messageId;
    line.unread = 0;
    line.unreadMore = false;
    this.changed();
    this.client.markRead(conversationId, newest.messageId).catch((e) => this.fail(e));
  }

  async send(conversationId, text) {
    this.changed({ error: null });
    try {
      await this.client.send({ conversationId, text });
    } catch (e) {
      if (e.code === 'NOT_MEMBER' && conversationId.startsWith('group:')) {
        this.#forgetGroup(conversationId.slice(6)); // an event of it this tab missed
      }
      this.fail(e);
      throw e;
    }
  }

  // ---- friends and groups ----

  async addFriend(username) {
    const user = await this.client.userByName(username);
    // the lists are reloaded on the friend.* event the server writes for this change (it comes to our devices too)
    const answer = await this.client.requestFriend(user.userId);
    return answer.status;
  }

  async answerRequest(userId, accept) {
    await (accept ? this.client.acceptFriend(userId) : this.client.declineFriend(userId));
  }

  async #reloadFriends() {
    const [friends, requests] = await Promise.all([this.client.friends(), this.client.friendRequests()]);
    this.#setFriends(friends, requests);
    this.changed();
  }

  #setFriends(friends, requests) {
    friends.forEach((f) => this.#remember(f));
    // presence frames may have come before this answer: the client's map is the newer
    this.state.friends = new Map(friends.map((f) => [f.userId, { ...f, ...this.client.presence.get(f.userId) }]));
    this.state.requests = requests;
  }

  async createGroup(name, members) {
    const group = await this.client.createGroup(name, members);
    this.state.groups.set(group.groupId, group);
    await this.open(groupConversationId(group.groupId));
  }

  async addMember(groupId, userId) {
    this.#setGroup(await this.client.addMember(groupId, userId));
  }

  async renameGroup(groupId, name) {
    this.#setGroup(await this.client.renameGroup(groupId, name));
  }

  async removeMember(groupId, userId) {
    this.#setGroup(await this.client.removeMember(groupId, userId));
  }

  async leaveGroup(groupId) {
    await this.client.removeMember(groupId, this.state.me.userId);
    this.#forgetGroup(groupId);
  }

  // ---- devices ----

  async showDevices() {
    this.changed({ panel: 'devices', active: null, sessions: null, error: null });
    await this.loadSessions();
  }

  async loadSessions() {
    const { sessions } = await this.client.sessions();
    this.changed({ sessions });
  }

  /** Ends another session of this account; its sockets close with 4401, which logs that device out. */
  async endSession(sessionId) {
    await this.client.endSession(sessionId);
    await this.loadSessions();
  }

  // ---- live events ----

  #bind() {
    const client = this.client;
    client.on('state', (detail) => this.changed({ connection: detail }));
    client.on('message', ({ message }) => this.#onMessage(message));
    client.on('synced', ({ reason }) => reason === 'connect' && this.#resync());
    client.on('read', (frame) => this.#onRead(frame));
    client.on('presence', ({ users }) => this.#onPresence(users));
    client.on('typing', ({ conversationId }) => {
      this.state.typing.set(conversationId, client.typingIn(conversationId));
      this.changed();
    });
    client.on('outbox', (pending) => this.changed({ pending }));
    client.on('error', (e) => this.fail(e));
    client.on('sessionEnded', ({ reason }) => this.changed({
      screen: 'login', panel: null, notice: ENDED[reason] ?? ENDED.unauthorized,
    }));
    client.on('replaced', () => this.changed({ notice: 'This tab connected elsewhere. Reload to use it here.' }));
  }

  /**
   * After a reconnect the sync has delivered, as `message` events, every message that came while offline, the open
   * page's among them; read cursors moved meanwhile are not in the inbox, so the list is reloaded for them.
   */
  async #resync() {
    if (this.state.me) {
      await this.reloadConversations().catch(() => {});
    }
  }

  #onMessage(message) {
    const id = message.conversationId;
    if (message.kind === 'event') {
      this.#onAccountEvent(message.event);
      return;
    }
    if (message.kind === 'system') {
      this.#onGroupEvent(message);
    }
    const shown = this.state.messages.get(id);
    if (shown && !shown.hasMoreAfter) {
      shown.list = merge(shown.list, [message]);
    }
    const line = this.state.conversations.get(id) ?? {
      conversationId: id, kind: id.startsWith('group:') ? 'group' : 'direct', unread: 0, readCursor: null,
    };
    if (!line.lastMessage || line.lastMessage.messageId < message.messageId) {
      line.lastMessage = message;
    }
    const mine = message.from === this.state.me?.userId;
    if (!mine && (!line.readCursor || line.readCursor < message.messageId)) {
      line.unread = (line.unread ?? 0) + 1;
    }
    this.state.conversations.set(id, line);
    this.changed();
  }

  #onAccountEvent(event) {
    if (event?.type?.startsWith('friend.')) {
      this.#reloadFriends().catch(() => {});
    } else if (event?.type === 'profile.updated' && event.profile) {
      this.#remember(event.profile);
      this.changed();
    }
  }

  /** A system message tells what changed (PROTOCOL.md section 1): the group is updated from it, not fetched. */
  #onGroupEvent(message) {
    const groupId = message.conversationId.slice(6);
    const event = message.event ?? {};
    const group = this.state.groups.get(groupId);
    const aboutMe = event.userId === this.state.me?.userId;
    if (event.type === 'group.created') {
      this.#setGroup({
        groupId, name: event.name, ownerId: event.by, members: event.members, createdAt: message.timestamp,
      });
    } else if (!group) {
      // added to a group this tab has not seen: the event does not tell its name and members
      if (event.type === 'member.added' && aboutMe) {
        this.client.group(groupId).then((fetched) => this.#setGroup(fetched), () => {});
      }
    } else if (event.type === 'group.renamed') {
      this.#setGroup({ ...group, name: event.name });
    } else if (event.type === 'member.added') {
      this.#setGroup({ ...group, members: [...new Set([...group.members, event.userId])] });
    } else if ((event.type === 'member.removed' || event.type === 'member.left') && aboutMe) {
      this.#forgetGroup(groupId); // the last event of the group this account gets
    } else if (event.type === 'member.removed' || event.type === 'member.left') {
      this.#setGroup({ ...group, ownerId: event.ownerId, members: group.members.filter((id) => id !== event.userId) });
    }
  }

  #setGroup(group) {
    this.state.groups.set(group.groupId, group);
    this.changed();
  }

  /** Not a member any more: the conversation stays, named as when we left, as the server lists it. */
  #forgetGroup(groupId) {
    const line = this.state.conversations.get(groupConversationId(groupId));
    if (line) {
      line.name = this.state.groups.get(groupId)?.name ?? line.name;
    }
    this.state.groups.delete(groupId);
    this.changed();
  }

  #onRead({ conversationId, userId, messageId }) {
    const line = this.state.conversations.get(conversationId);
    if (!line) {
      return;
    }
    if (userId === this.state.me?.userId) {
      // read here or in another tab or device of this account
      if (!line.readCursor || line.readCursor < messageId) {
        line.readCursor = messageId;
        const shown = this.state.messages.get(conversationId);
        const unreadShown = shown?.list.filter((m) => m.messageId > messageId && m.from !== userId).length ?? 0;
        line.unread = line.lastMessage && line.lastMessage.messageId > messageId ? Math.max(unreadShown, 0) : 0;
      }
    } else if (line.reads && (!line.reads[userId] || line.reads[userId] < messageId)) {
      // reads not known yet are fetched whole when the conversation opens
      line.reads = { ...line.reads, [userId]: messageId };
    }
    this.changed();
  }

  #onPresence(users) {
    for (const { userId, online, lastActiveAt } of users) {
      const friend = this.state.friends.get(userId);
      if (friend) {
        this.state.friends.set(userId, { ...friend, online, lastActiveAt });
      }
    }
    this.changed();
  }
}

/** Two ascending message lists as one, each messageId once. */
function merge(older, newer) {
  const byId = new Map();
  for (const message of [...older, ...newer]) {
    byId.set(message.messageId, message);
  }
  return [...byId.values()].sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
}
