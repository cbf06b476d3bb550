// The Parley web app: Preact components over the Store (store.js), which talks to the server through parley.js.
import { h, render } from './vendor/preact.js';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from './vendor/hooks.js';
import htm from './vendor/htm.js';
import { Store, explain } from './store.js';

const html = htm.bind(h);
const store = new Store(location);

function useStore() {
  const [, redraw] = useReducer((n) => n + 1, 0);
  useEffect(() => store.subscribe(redraw), []);
  return store.state;
}

function time(timestamp) {
  const date = new Date(timestamp);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

function lastSeen(friend) {
  if (friend.online) {
    return 'online';
  }
  return friend.lastActiveAt ? `last seen ${time(friend.lastActiveAt)}` : 'offline';
}

// ---- log in ----

function Login() {
  const state = useStore();
  const [mode, setMode] = useState('login');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signup') {
        await store.signup(form.get('username'), form.get('password'), form.get('displayName'));
      } else {
        await store.login(form.get('username'), form.get('password'));
      }
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  }
  const signup = mode === 'signup';
  return html`
    <main class="login">
      <h1>Parley</h1>
      ${state.notice && html`<p class="notice" role="status">${state.notice}</p>`}
      <form onSubmit=${submit} aria-label=${signup ? 'Sign up' : 'Log in'}>
        <label>Username <input name="username" autocomplete="username" required minlength="3" maxlength="32"
          data-testid="username" /></label>
        ${signup && html`<label>Display name <input name="displayName" maxlength="64" data-testid="display-name" />
          </label>`}
        <label>Password <input name="password" type="password" required minlength="8" maxlength="128"
          autocomplete=${signup ? 'new-password' : 'current-password'} data-testid="password" /></label>
        ${error && html`<p class="error" role="alert" data-testid="login-error">${error}</p>`}
        <button type="submit" disabled=${busy} data-testid="submit">${signup ? 'Sign up' : 'Log in'}</button>
      </form>
      <button class="link" onClick=${() => setMode(signup ? 'login' : 'signup')} data-testid="switch-mode">
        ${signup ? 'Have an account? Log in' : 'New here? Sign up'}
      </button>
    </main>`;
}

// ---- the sidebar ----

function ConnectionBanner({ connection }) {
  const [, tick] = useReducer((n) => n + 1, 0);
  useEffect(() => {
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, []);
  if (connection.state === 'online') {
    return null;
  }
  let text = 'Connecting…';
  if (connection.state === 'offline') {
    text = 'Offline. Messages you send wait here and go once reconnected.';
  } else if (connection.state === 'stopped') {
    text = 'Disconnected.';
  }
  return html`
    <div class="banner" role="status" data-testid="connection" data-state=${connection.state}>
      <span>${text}</span>
      ${connection.state === 'offline' && html`
        <button onClick=${() => store.client.reconnectNow()}>Retry now</button>`}
    </div>`;
}

function ConversationList({ state }) {
  const lines = [...state.conversations.values()]
    .sort((a, b) => (b.lastMessage?.messageId ?? '~').localeCompare(a.lastMessage?.messageId ?? '~'));
  return html`
    <ul class="conversations" aria-label="Conversations" data-testid="conversations">
      ${lines.length === 0 && html`<li class="empty">No conversations yet. Pick a friend to start one.</li>`}
      ${lines.map((line) => {
        const title = store.titleOf(line.conversationId);
        const last = line.lastMessage;
        const preview = last ? (last.kind ? systemText(last) : `${last.from === state.me?.userId ? 'You: ' : ''}${last.text}`)
          : '';
        const unread = line.unread > 0 ? (line.unreadMore || line.unread > 99 ? '99+' : String(line.unread)) : null;
        return html`
          <li key=${line.conversationId}>
            <button class=${`line ${state.active === line.conversationId ? 'active' : ''}`}
              aria-current=${state.active === line.conversationId ? 'true' : undefined}
              data-testid="conversation" data-conversation=${line.conversationId}
              onClick=${() => store.open(line.conversationId)}>
              <span class="title">${title}</span>
              ${last && html`<time class="when">${time(last.timestamp)}</time>`}
              <span class="preview">${preview}</span>
              ${unread && html`<span class="unread" data-testid="unread">${unread}<span class="sr-only"> unread</span>
                </span>`}
            </button>
          </li>`;
      })}
    </ul>`;
}

function Friends({ state }) {
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(null);
  async function add(event) {
    event.preventDefault();
    const input = event.target.elements.username;
    setError(null);
    try {
      const status = await store.addFriend(input.value.trim());
      setSent(status === 'friends' ? 'You are now friends.' : 'Request sent.');
      input.value = '';
    } catch (e) {
      setError(explain(e));
    }
  }
  const friends = [...state.friends.values()].sort((a, b) => (b.online - a.online)
    || (a.displayName ?? '').localeCompare(b.displayName ?? ''));
  return html`
    <section class="friends" aria-labelledby="friends-heading">
      <h2 id="friends-heading">Friends</h2>
      <ul aria-label="Friends" data-testid="friends">
        ${friends.map((f) => html`
          <li key=${f.userId}>
            <button class="friend" onClick=${() => store.openWith(f.userId)} data-testid="friend"
              data-user=${f.userId}>
              <span class=${`dot ${f.online ? 'on' : 'off'}`} data-testid="presence"
                data-online=${String(!!f.online)}></span>
              <span class="title">${f.displayName}</span>
              <span class="seen">${lastSeen(f)}</span>
            </button>
          </li>`)}
      </ul>
      ${state.requests.incoming.length > 0 && html`
        <h3>Requests</h3>
        <ul aria-label="Friend requests" data-testid="requests">
          ${state.requests.incoming.map((r) => html`
            <li key=${r.userId}>
              <span>${r.displayName} (@${r.username})</span>
              <button onClick=${() => store.answerRequest(r.userId, true).catch((e) => setError(explain(e)))}
                aria-label=${`Accept ${r.displayName}`} data-testid="accept">Accept</button>
              <button onClick=${() => store.answerRequest(r.userId, false).catch((e) => setError(explain(e)))}
                aria-label=${`Decline ${r.displayName}`}>Decline</button>
            </li>`)}
        </ul>`}
      <form class="inline" onSubmit=${add} aria-label="Add a friend">
        <label class="sr-only" for="add-friend">Username to add</label>
        <input id="add-friend" name="username" placeholder="Add by username" required data-testid="add-friend" />
        <button type="submit" data-testid="add-friend-submit">Add</button>
      </form>
      ${sent && !error && html`<p class="hint" role="status">${sent}</p>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </section>`;
}

function NewGroup({ state, onClose }) {
  const [error, setError] = useState(null);
  async function create(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await store.createGroup(form.get('name'), form.getAll('member'));
      onClose();
    } catch (e) {
      setError(explain(e));
    }
  }
  return html`
    <form class="new-group" onSubmit=${create} aria-label="New group" data-testid="new-group">
      <label>Group name <input name="name" required maxlength="64" data-testid="group-name" /></label>
      <fieldset>
        <legend>Members</legend>
        ${[...state.friends.values()].map((f) => html`
          <label class="check"><input type="checkbox" name="member" value=${f.userId}
            data-testid="group-member" data-user=${f.userId} /> ${f.displayName}</label>`)}
      </fieldset>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" data-testid="create-group">Create</button>
      <button type="button" onClick=${onClose}>Cancel</button>
    </form>`;
}

function Sidebar({ state }) {
  const [creating, setCreating] = useState(false);
  return html`
    <nav class="sidebar" aria-label="Conversations and friends">
      <header class="me">
        <span class="title" data-testid="me">${state.me?.displayName ?? ''}</span>
        <button onClick=${() => setCreating(!creating)} aria-expanded=${creating} data-testid="new-group-open">
          New group</button>
        <button onClick=${() => store.showDevices().catch((e) => store.fail(e))}
          aria-current=${state.panel === 'devices' ? 'page' : undefined} data-testid="devices-open">Devices</button>
      </header>
      ${creating && html`<${NewGroup} state=${state} onClose=${() => setCreating(false)} />`}
      <h2 class="sr-only">Conversations</h2>
      <${ConversationList} state=${state} />
      <${Friends} state=${state} />
    </nav>`;
}

// ---- a conversation ----

function systemText(message) {
  const e = message.event ?? {};
  const who = (id) => store.nameOf(id);
  const whom = (id) => (id === store.state.me?.userId ? 'you' : who(id));
  switch (e.type) {
    case 'group.created': return `${who(e.by)} created the group “${e.name}”`;
    case 'member.added': return `${who(e.by)} added ${whom(e.userId)}`;
    case 'member.removed': return `${who(e.by)} removed ${whom(e.userId)}`;
    case 'member.left': return `${who(e.userId)} left`;
    case 'group.renamed': return `${who(e.by)} renamed the group to “${e.name}”`;
    default: return 'The group changed';
  }
}

/** Sent (stored), delivered (a device of theirs was connected after it), read (their cursor passed it). */
function tickOf(state, line, message) {
  const others = line.conversationId.startsWith('group:')
    ? (state.groups.get(line.conversationId.slice(6))?.members ?? []).filter((id) => id !== state.me.userId)
    : [store.otherOf(line.conversationId)];
  const reads = line.reads ?? {};
  if (others.length > 0 && others.every((id) => reads[id] && reads[id] >= message.messageId)) {
    return { mark: '✓✓', label: 'Read', cls: 'read' };
  }
  const delivered = others.length > 0 && others.every((id) => {
    const friend = state.friends.get(id);
    return friend && (friend.online || (friend.lastActiveAt ?? 0) >= message.timestamp);
  });
  return delivered ? { mark: '✓✓', label: 'Delivered', cls: 'delivered' } : { mark: '✓', label: 'Sent', cls: 'sent' };
}

function Message({ state, line, message }) {
  if (message.kind) {
    return html`<li class="system" data-testid="system">${systemText(message)}</li>`;
  }
  const mine = message.from === state.me?.userId;
  const tick = mine && tickOf(state, line, message);
  return html`
    <li class=${`message ${mine ? 'mine' : 'theirs'}`} data-testid="message" data-id=${message.messageId}>
      ${!mine && line.kind === 'group' && html`<span class="author">${store.nameOf(message.from)}</span>`}
      <span class="text">${message.text}</span>
      <span class="meta">
        <time>${time(message.timestamp)}</time>
        ${tick && html`<span class=${`tick ${tick.cls}`} aria-label=${tick.label} title=${tick.label}
          data-testid="tick" data-tick=${tick.cls}>${tick.mark}</span>`}
      </span>
    </li>`;
}

function Timeline({ state, line }) {
  const shown = state.messages.get(line.conversationId);
  const scroller = useRef(null);
  const anchor = useRef(null);
  const pinned = useRef(true);
  const pending = state.pending.filter((p) => p.conversationId === line.conversationId
    && !shown?.list.some((m) => m.clientMessageId === p.clientMessageId && m.from === state.me.userId));

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box || !shown) {
      return;
    }
    if (anchor.current) {
      box.scrollTop = box.scrollHeight - anchor.current; // older messages came in above: keep the view still
      anchor.current = null;
    } else if (shown.dividerAfter && !shown.scrolledToDivider) {
      shown.scrolledToDivider = true;
      box.querySelector('.divider')?.scrollIntoView({ block: 'start' });
    } else if (pinned.current) {
      box.scrollTop = box.scrollHeight;
    }
    onScroll();
  });

  function onScroll() {
    const box = scroller.current;
    if (!box || !shown) {
      return;
    }
    pinned.current = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    if (box.scrollTop < 40 && shown.hasMoreBefore && !shown.loading) {
      anchor.current = box.scrollHeight - box.scrollTop;
      store.loadOlder(line.conversationId);
    }
    if (pinned.current && shown.hasMoreAfter) {
      store.loadNewer(line.conversationId);
    } else if (pinned.current && document.visibilityState === 'visible') {
      store.markSeen(line.conversationId);
    }
  }

  if (!shown) {
    return html`<div class="timeline loading">Loading…</div>`;
  }
  const items = [];
  for (const message of shown.list) {
    items.push(html`<${Message} key=${message.messageId} state=${state} line=${line} message=${message} />`);
    if (message.messageId === shown.dividerAfter && message !== shown.list.at(-1)) {
      items.push(html`<li key="divider" class="divider" role="separator" data-testid="divider">New messages</li>`);
    }
  }
  return html`
    <div class="timeline" ref=${scroller} onScroll=${onScroll} tabindex="0" role="log" aria-live="polite"
      aria-label="Messages">
      ${shown.hasMoreBefore && html`<p class="more">Loading earlier messages…</p>`}
      <ol data-testid="messages">
        ${items}
        ${pending.map((p) => html`
          <li key=${p.clientMessageId} class="message mine pending" data-testid="pending">
            <span class="text">${p.text}</span>
            <span class="meta"><span class="tick" aria-label="Sending" title="Sending">🕓</span></span>
          </li>`)}
      </ol>
    </div>`;
}

function Composer({ conversationId }) {
  const input = useRef(null);
  useEffect(() => input.current?.focus(), [conversationId]);
  async function submit(event) {
    event?.preventDefault();
    const text = input.current.value;
    if (!text.trim()) {
      return;
    }
    input.current.value = '';
    try {
      await store.send(conversationId, text);
    } catch (e) {
      if (e.code === 'TEXT_TOO_LONG' || e.code === 'INVALID') {
        input.current.value = text; // give it back to shorten
      }
    }
  }
  function keyDown(event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      submit(event);
    }
  }
  return html`
    <form class="composer" onSubmit=${submit} aria-label="Write a message">
      <label class="sr-only" for="composer-text">Message</label>
      <textarea id="composer-text" ref=${input} rows="1" placeholder="Message (Enter sends, Shift+Enter: new line)"
        onKeyDown=${keyDown} onInput=${() => store.client.typing(conversationId)} data-testid="composer"></textarea>
      <button type="submit" data-testid="send">Send</button>
    </form>`;
}

/** Runs a store action for a form or button, showing its failure in the place it came from. */
function useAction() {
  const [error, setError] = useState(null);
  const run = (action) => {
    setError(null);
    return action().catch((e) => setError(explain(e)));
  };
  return [error, run];
}

function AddMember({ state, group, run }) {
  const candidates = [...state.friends.values()].filter((f) => !group.members.includes(f.userId));
  if (candidates.length === 0) {
    return null;
  }
  return html`
    <form class="inline" aria-label="Add a member" onSubmit=${(event) => {
      event.preventDefault();
      run(() => store.addMember(group.groupId, event.target.elements.member.value));
    }}>
      <label class="sr-only" for="add-member">Friend to add</label>
      <select id="add-member" name="member" data-testid="add-member">
        ${candidates.map((f) => html`<option value=${f.userId}>${f.displayName}</option>`)}
      </select>
      <button type="submit" data-testid="add-member-submit">Add member</button>
    </form>`;
}

/** The group's panel: its name (the owner renames), its members (the owner removes), add a friend, leave. */
function GroupSettings({ state, group, onClose }) {
  const [error, run] = useAction();
  const owner = group.ownerId === state.me?.userId;
  function rename(event) {
    event.preventDefault();
    run(() => store.renameGroup(group.groupId, event.target.elements.name.value.trim()));
  }
  return html`
    <section id="group-settings" class="group-settings" aria-label="Group settings" data-testid="group-settings"
      onKeyDown=${(event) => event.key === 'Escape' && onClose()}>
      ${owner && html`
        <form class="inline" onSubmit=${rename} aria-label="Rename the group">
          <label class="sr-only" for="group-rename">Group name</label>
          <input id="group-rename" name="name" required maxlength="64" defaultValue=${group.name}
            data-testid="group-rename" />
          <button type="submit" data-testid="group-rename-submit">Rename</button>
        </form>`}
      <h3 id="members-heading">${group.members.length} members</h3>
      <ul aria-labelledby="members-heading" data-testid="group-members">
        ${group.members.map((id) => html`
          <li key=${id} data-testid="group-member-line" data-user=${id}>
            <span>${store.nameOf(id)}${id === group.ownerId ? ' (owner)' : ''}</span>
            ${owner && id !== state.me.userId && html`
              <button onClick=${() => run(() => store.removeMember(group.groupId, id))}
                aria-label=${`Remove ${store.nameOf(id)} from the group`} data-testid="remove-member">Remove</button>`}
          </li>`)}
      </ul>
      <${AddMember} state=${state} group=${group} run=${run} />
      <button class="danger" onClick=${() => run(() => store.leaveGroup(group.groupId))} data-testid="leave-group">
        Leave group</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </section>`;
}

function ConversationHeader({ state, id, group, settings, setSettings, toggle }) {
  const other = id.startsWith('group:') ? null : state.friends.get(store.otherOf(id));
  let subtitle = other ? lastSeen(other) : '';
  if (id.startsWith('group:')) {
    subtitle = group ? `${group.members.length} members` : 'You are no longer a member';
  }
  return html`
    <header>
      <button class="back" onClick=${() => store.changed({ active: null })} aria-label="Back to conversations">←
        </button>
      <h2 id="conversation-title" data-testid="conversation-title">${store.titleOf(id)}</h2>
      <span class="subtitle" data-testid="conversation-subtitle">${subtitle}</span>
      ${group && html`
        <button ref=${toggle} onClick=${() => setSettings(!settings)} aria-expanded=${settings}
          aria-controls="group-settings" data-testid="group-settings-open">Group settings</button>`}
    </header>`;
}

function Conversation({ state }) {
  const id = state.active;
  const line = state.conversations.get(id);
  const [settings, setSettings] = useState(false);
  const toggle = useRef(null);
  useEffect(() => setSettings(false), [id]);
  function closeSettings() {
    setSettings(false);
    toggle.current?.focus(); // the focus was in the panel that goes
  }
  if (!line) {
    return html`<section class="conversation empty" aria-label="Conversation"><p>Pick a conversation.</p></section>`;
  }
  const group = id.startsWith('group:') ? state.groups.get(id.slice(6)) : null;
  const typing = (state.typing.get(id) ?? []).map((u) => store.nameOf(u));
  return html`
    <section class="conversation" aria-labelledby="conversation-title" data-testid="conversation-view">
      <${ConversationHeader} state=${state} id=${id} group=${group} settings=${settings} setSettings=${setSettings}
        toggle=${toggle} />
      ${group && settings && html`<${GroupSettings} state=${state} group=${group} onClose=${closeSettings} />`}
      <${Timeline} state=${state} line=${line} />
      <p class="typing" aria-live="polite" data-testid="typing">
        ${typing.length ? `${typing.join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…` : ''}</p>
      ${state.error && html`<p class="error" role="alert" data-testid="error">${state.error}</p>`}
      ${store.isMember(id) ? html`<${Composer} conversationId=${id} />` : html`
        <p class="gone" role="status" data-testid="not-member">
          You are not a member of this group any more: you cannot send here.</p>`}
    </section>`;
}

/** The account's sessions (GET /v1/sessions): this one marked, another one ended here, log out. */
function Devices({ state }) {
  const [error, run] = useAction();
  const when = (timestamp) => new Date(timestamp).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  return html`
    <section class="devices" aria-labelledby="devices-title" data-testid="devices">
      <header>
        <button class="back" onClick=${() => store.changed({ panel: null })} aria-label="Back to conversations">←
          </button>
        <h2 id="devices-title">Your devices</h2>
      </header>
      ${state.sessions === null ? html`<p class="hint">Loading…</p>` : html`
        <ul aria-labelledby="devices-title" data-testid="sessions">
          ${state.sessions.map((s) => html`
            <li key=${s.sessionId} data-testid="session" data-current=${String(s.current)}>
              <span class="title">${s.current ? 'This device' : 'Another device'}</span>
              <span class="seen">Logged in ${when(s.createdAt)}; stays logged in until ${when(s.expiresAt)}</span>
              ${!s.current && html`
                <button onClick=${() => run(() => store.endSession(s.sessionId))} data-testid="end-session"
                  aria-label=${`Log out the device logged in ${when(s.createdAt)}`}>Log out</button>`}
            </li>`)}
        </ul>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button class="danger" onClick=${() => store.logout()} data-testid="logout">Log out of this device</button>
    </section>`;
}

function Chat() {
  const state = useStore();
  const devices = state.panel === 'devices';
  return html`
    <div class=${`chat ${state.active || devices ? 'has-active' : ''}`}>
      <${ConnectionBanner} connection=${state.connection} />
      ${state.notice && html`<p class="notice" role="status">${state.notice}</p>`}
      <${Sidebar} state=${state} />
      <main class="main">${devices ? html`<${Devices} state=${state} />` : html`<${Conversation} state=${state} />`}
      </main>
    </div>`;
}

function App() {
  const state = useStore();
  return state.screen === 'login' ? html`<${Login} />` : html`<${Chat} />`;
}

document.addEventListener('visibilitychange', () => store.state.active && store.changed());
render(html`<${App} />`, document.getElementById('app'));
