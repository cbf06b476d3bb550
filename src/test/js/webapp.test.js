// Browser tests of the web app in Debian chromium (playwright-core), against the node WebAppE2ETest starts
// (PARLEY_URL; presence grace 2 s). Screenshots of the main screens go to SCREENSHOTS (target/screenshots).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { MemoryStorage, ParleyClient } from '../../../clients/js/parley.js';

const URL = process.env.PARLEY_URL;
const SHOTS = process.env.SCREENSHOTS ?? 'target/screenshots';
const TIMEOUT = 10000;
let browser;
let users = 0;

before(async () => {
  assert.ok(URL, 'PARLEY_URL must name the node under test');
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(() => browser?.close());

function uniqueName(name) {
  users += 1;
  return `${name}_${Date.now().toString(36)}${users}`.slice(0, 32);
}

/** A browser context (one person's browser) with a page that signed a new account up through the form. */
async function signUp(name, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('console', (m) => m.type() === 'error' && failed.push(m.text()));
  await page.goto(`${URL}/`);
  await page.getByTestId('switch-mode').click({ timeout: TIMEOUT }).catch((e) => {
    throw new Error(`the app did not start: ${errors} ${failed}`, { cause: e });
  });
  const username = uniqueName(name);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('password').fill('correct horse');
  await page.getByTestId('submit').click();
  await page.getByTestId('me').filter({ hasText: name }).waitFor({ timeout: TIMEOUT });
  const client = new ParleyClient({ baseUrl: URL, storage: new MemoryStorage() });
  await client.login({ username, password: 'correct horse' });
  return { name, username, userId: client.userId, api: client, context, page, errors };
}

/** Friends through the UI: `a` adds `b` by username, `b` accepts the request that appears. */
async function befriendInUi(a, b) {
  await a.page.getByTestId('add-friend').fill(b.username);
  await a.page.getByTestId('add-friend-submit').click();
  await b.page.getByTestId('accept').click({ timeout: TIMEOUT });
  await friendEntry(a.page, b).waitFor({ timeout: TIMEOUT });
  await friendEntry(b.page, a).waitFor({ timeout: TIMEOUT });
}

async function befriendByApi(a, b) {
  await a.api.requestFriend(b.userId);
  await b.api.acceptFriend(a.userId);
}

/** Alice and Bob, signed up in browsers of their own and made friends; their pages reloaded to show it. */
async function friendsInBrowsers(aliceOptions = {}) {
  const alice = await signUp('Alice', aliceOptions);
  const bob = await signUp('Bob');
  await befriendByApi(alice, bob);
  await alice.page.reload();
  await bob.page.reload();
  return { alice, bob };
}

function friendEntry(page, user) {
  return page.locator(`[data-testid="friend"][data-user="${user.userId}"]`);
}

function line(page, conversationId) {
  return page.locator(`[data-testid="conversation"][data-conversation="${conversationId}"]`);
}

function dm(a, b) {
  return a.userId < b.userId ? `dm:${a.userId}:${b.userId}` : `dm:${b.userId}:${a.userId}`;
}

async function send(page, text) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

function messages(page, text) {
  return page.getByTestId('message').filter({ hasText: text });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function expectNoSeriousViolations(page, screen) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(" | ")})`), [],
    `accessibility of ${screen}`);
}

async function close(...people) {
  for (const person of people) {
    person.api.disconnect();
    await person.context.close();
    assert.deepEqual(person.errors, [], `no script errors in ${person.name}'s pages`);
  }
}

test('two users chat 1:1: unread count, typing, delivered then read ticks', async () => {
  const alice = await signUp('Alice');
  const bob = await signUp('Bob');
  await befriendInUi(alice, bob);

  await friendEntry(alice.page, bob).click();
  await send(alice.page, 'hello bob');
  await messages(alice.page, 'hello bob').waitFor({ timeout: TIMEOUT });
  const tick = messages(alice.page, 'hello bob').getByTestId('tick');
  await assert.doesNotReject(() => tick.and(alice.page.locator('[data-tick="delivered"]')).waitFor({ timeout: TIMEOUT }),
    'delivered: bob is online');

  const bobsLine = line(bob.page, dm(alice, bob));
  await bobsLine.getByTestId('unread').filter({ hasText: '1' }).waitFor({ timeout: TIMEOUT });
  assert.match(await bobsLine.textContent(), /hello bob/);
  await shot(bob.page, 'conversation-list-unread');

  await bobsLine.click();
  await messages(bob.page, 'hello bob').waitFor({ timeout: TIMEOUT });
  await bob.page.getByTestId('composer').pressSequentially('typing a reply');
  await alice.page.getByTestId('typing').filter({ hasText: 'Bob is typing' }).waitFor({ timeout: TIMEOUT });
  await tick.and(alice.page.locator('[data-tick="read"]')).waitFor({ timeout: TIMEOUT });
  assert.equal(await bobsLine.getByTestId('unread').count(), 0, 'read: the count is gone');
  await bob.page.getByTestId('composer').press('Enter');
  await messages(alice.page, 'typing a reply').waitFor({ timeout: TIMEOUT });
  await shot(alice.page, 'chat');
  fs.copyFileSync(path.join(SHOTS, 'chat.png'), path.join(SHOTS, 'screenshot.png'));
  await expectNoSeriousViolations(alice.page, 'the chat screen');
  await close(alice, bob);
});

test('the presence dot turns off when a friend closes the app and on when they come back', async () => {
  const { alice, bob } = await friendsInBrowsers();
  const dot = friendEntry(alice.page, bob).getByTestId('presence');
  await dot.and(alice.page.locator('[data-online="true"]')).waitFor({ timeout: TIMEOUT });
  await bob.page.close();
  await dot.and(alice.page.locator('[data-online="false"]')).waitFor({ timeout: TIMEOUT });
  assert.match(await friendEntry(alice.page, bob).textContent(), /last seen/);
  bob.page = await bob.context.newPage();
  await bob.page.goto(`${URL}/`);
  await dot.and(alice.page.locator('[data-online="true"]')).waitFor({ timeout: TIMEOUT });
  await close(alice, bob);
});

test('a group: created with a member, both write, a third friend is added and sees the next message', async () => {
  const alice = await signUp('Alice');
  const bob = await signUp('Bob');
  const carol = await signUp('Carol');
  await befriendByApi(alice, bob);
  await befriendByApi(alice, carol);
  await alice.page.reload();
  await alice.page.getByTestId('new-group-open').click();
  await alice.page.getByTestId('group-name').fill('climbing');
  await alice.page.locator(`[data-testid="group-member"][data-user="${bob.userId}"]`).check();
  await alice.page.getByTestId('create-group').click();
  await alice.page.getByTestId('conversation-title').filter({ hasText: 'climbing' }).waitFor({ timeout: TIMEOUT });
  await send(alice.page, 'hi group');

  const bobsLine = bob.page.getByTestId('conversation').filter({ hasText: 'climbing' });
  await bobsLine.click({ timeout: TIMEOUT });
  await messages(bob.page, 'hi group').waitFor({ timeout: TIMEOUT });
  await send(bob.page, 'hi alice');
  await messages(alice.page, 'hi alice').getByText('Bob').waitFor({ timeout: TIMEOUT });

  await alice.page.getByTestId('group-settings-open').click(); // adding is among the group's settings
  await alice.page.getByTestId('add-member').selectOption(carol.userId);
  await alice.page.getByTestId('add-member-submit').click();
  await alice.page.getByTestId('system').filter({ hasText: 'added Carol' }).waitFor({ timeout: TIMEOUT });
  await send(alice.page, 'welcome carol');
  await carol.page.getByTestId('conversation').filter({ hasText: 'climbing' }).click({ timeout: TIMEOUT });
  await messages(carol.page, 'welcome carol').waitFor({ timeout: TIMEOUT });
  await shot(alice.page, 'group');
  await close(alice, bob, carol);
});

function system(page, text) {
  return page.getByTestId('system').filter({ hasText: text });
}

test('group settings: the owner renames, a member leaves, the owner removes one; each member sees it live',
  async () => {
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');
    const carol = await signUp('Carol');
    await befriendByApi(alice, bob);
    await befriendByApi(alice, carol);
    const group = await alice.api.createGroup('climbing', [bob.userId, carol.userId]);
    const conversationId = `group:${group.groupId}`;
    for (const person of [alice, bob, carol]) {
      await line(person.page, conversationId).click({ timeout: TIMEOUT }); // it came live, as group.created
      await system(person.page, 'created the group “climbing”').waitFor({ timeout: TIMEOUT });
    }

    // by keyboard: the settings button, the name field, Enter
    await alice.page.getByTestId('group-settings-open').focus();
    await alice.page.keyboard.press('Enter');
    await alice.page.getByTestId('group-rename').fill('bouldering');
    await alice.page.getByTestId('group-rename').press('Enter');
    await bob.page.getByTestId('conversation-title').filter({ hasText: 'bouldering' }).waitFor({ timeout: TIMEOUT });
    await line(bob.page, conversationId).filter({ hasText: 'bouldering' }).waitFor({ timeout: TIMEOUT });
    await system(bob.page, 'Alice renamed the group to “bouldering”').waitFor({ timeout: TIMEOUT });
    await line(carol.page, conversationId).filter({ hasText: 'bouldering' }).waitFor({ timeout: TIMEOUT });
    await shot(alice.page, 'group-settings');
    await expectNoSeriousViolations(alice.page, 'the group settings');
    await alice.page.setViewportSize({ width: 390, height: 844 });
    await alice.page.getByTestId('group-rename').waitFor();
    await shot(alice.page, 'group-settings-phone');
    await expectNoSeriousViolations(alice.page, 'the group settings on a phone');
    await alice.page.getByTestId('group-rename').press('Escape');
    assert.equal(await alice.page.getByTestId('group-settings').count(), 0, 'Escape closes the panel');
    const focused = await alice.page.getByTestId('group-settings-open').evaluate((b) => b === document.activeElement);
    assert.equal(focused, true, 'and gives the focus back to its button');
    await alice.page.getByTestId('group-settings-open').press('Enter');

    await bob.page.getByTestId('group-settings-open').click();
    assert.equal(await bob.page.getByTestId('group-rename').count(), 0, 'only the owner renames');
    await bob.page.getByTestId('leave-group').click();
    await bob.page.getByTestId('not-member').waitFor({ timeout: TIMEOUT });
    await system(alice.page, 'Bob left').waitFor({ timeout: TIMEOUT });
    await system(bob.page, 'You left').waitFor({ timeout: TIMEOUT });
    await alice.page.locator(`[data-testid="group-member-line"][data-user="${bob.userId}"]`)
      .waitFor({ state: 'detached', timeout: TIMEOUT });
    const subtitle = alice.page.getByTestId('conversation-subtitle');
    await subtitle.filter({ hasText: '2 members' }).waitFor({ timeout: TIMEOUT });

    await alice.page.getByRole('button', { name: 'Remove Carol from the group' }).click();
    await system(carol.page, 'Alice removed you').waitFor({ timeout: TIMEOUT });
    await system(alice.page, 'You removed Carol').waitFor({ timeout: TIMEOUT });
    assert.equal(await system(bob.page, 'removed Carol').count(), 0, 'Bob, gone, hears nothing more of the group');
    await carol.page.getByTestId('not-member').filter({ hasText: 'not a member' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await carol.page.getByTestId('composer').count(), 0, 'no composer for a group one has left');
    assert.equal(await carol.page.getByTestId('error').count(), 0, 'nothing tried and refused meanwhile');
    assert.equal(await line(carol.page, conversationId).filter({ hasText: 'bouldering' }).count(), 1,
      'the line stays, named as when Carol was removed');
    await shot(carol.page, 'group-removed');
    await expectNoSeriousViolations(carol.page, 'a group one was removed from');
    await carol.api.connect();
    await assert.rejects(carol.api.send({ conversationId, text: 'still here?' }), { code: 'NOT_MEMBER' });
    await close(alice, bob, carol);
  });

test('your devices: both sessions listed, this one marked; ending the other logs that tab out', async () => {
  const alice = await signUp('Alice');
  await alice.api.logout(); // the test's own session: the list then holds the two browsers' only
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(`${URL}/`);
  await other.getByTestId('username').fill(alice.username);
  await other.getByTestId('password').fill('correct horse');
  await other.getByTestId('submit').click();
  await other.getByTestId('me').waitFor({ timeout: TIMEOUT });

  await alice.page.getByTestId('devices-open').click();
  const sessions = alice.page.getByTestId('session');
  await sessions.nth(1).waitFor({ timeout: TIMEOUT });
  assert.equal(await sessions.count(), 2);
  assert.match(await alice.page.locator('[data-testid="session"][data-current="true"]').textContent(), /This device/);
  await shot(alice.page, 'devices');
  await expectNoSeriousViolations(alice.page, 'the devices screen');

  await alice.page.getByTestId('end-session').focus();
  await alice.page.keyboard.press('Enter');
  await other.locator('.notice').filter({ hasText: 'logged out from another device' }).waitFor({ timeout: TIMEOUT });
  await other.getByTestId('submit').waitFor();
  await shot(other, 'session-ended');
  await context.close();
  await sessions.nth(1).waitFor({ state: 'detached', timeout: TIMEOUT });

  await alice.page.getByTestId('logout').click();
  await alice.page.getByTestId('submit').waitFor({ timeout: TIMEOUT });
  await close(alice);
});

test('two tabs of one account stay in sync: messages, own sends and read state', async () => {
  const { alice, bob } = await friendsInBrowsers();
  const second = await alice.context.newPage();
  await second.goto(`${URL}/`);
  await second.getByTestId('me').waitFor({ timeout: TIMEOUT });
  await friendEntry(bob.page, alice).click();
  await send(bob.page, 'to both tabs');
  for (const tab of [alice.page, second]) {
    await line(tab, dm(alice, bob)).getByTestId('unread').filter({ hasText: '1' }).waitFor({ timeout: TIMEOUT });
  }
  await line(alice.page, dm(alice, bob)).click();
  await messages(alice.page, 'to both tabs').waitFor({ timeout: TIMEOUT });
  await line(second, dm(alice, bob)).getByTestId('unread').waitFor({ state: 'detached', timeout: TIMEOUT });

  await line(second, dm(alice, bob)).click();
  await send(second, 'from the second tab');
  await messages(alice.page, 'from the second tab').waitFor({ timeout: TIMEOUT });
  assert.equal(await messages(alice.page, 'from the second tab').count(), 1);
  await close(alice, bob);
});

test('the network drops and comes back: the app says so, resyncs, nothing lost or doubled', async () => {
  const { alice, bob } = await friendsInBrowsers();
  await friendEntry(alice.page, bob).click();
  await friendEntry(bob.page, alice).click();
  await send(alice.page, 'before the drop');
  await messages(bob.page, 'before the drop').waitFor({ timeout: TIMEOUT });

  await bob.context.route('**/v1/**', (route) => route.abort());
  await bob.context.setOffline(true);
  await bob.page.locator('[data-testid="connection"][data-state="offline"]').waitFor({ timeout: TIMEOUT });
  await shot(bob.page, 'offline');
  const whileAway = ['while away 1', 'while away 2', 'while away 3'];
  for (const text of whileAway) {
    await send(alice.page, text);
  }
  await send(bob.page, 'from the tunnel');
  await bob.page.getByTestId('pending').filter({ hasText: 'from the tunnel' }).waitFor({ timeout: TIMEOUT });

  await bob.context.unroute('**/v1/**');
  await bob.context.setOffline(false);
  await bob.page.getByTestId('connection').waitFor({ state: 'detached', timeout: 20000 });
  for (const text of whileAway) {
    await messages(bob.page, text).waitFor({ timeout: TIMEOUT });
  }
  await messages(alice.page, 'from the tunnel').waitFor({ timeout: TIMEOUT });
  await bob.page.waitForTimeout(500);
  for (const text of [...whileAway, 'before the drop']) {
    assert.equal(await messages(bob.page, text).count(), 1, `"${text}" once`);
  }
  assert.equal(await messages(alice.page, 'from the tunnel').count(), 1);
  assert.equal(await bob.page.getByTestId('pending').count(), 0);
  await close(alice, bob);
});

function numbered(page, i) {
  return page.getByTestId('message').locator('.text').getByText(`numbered ${i}`, { exact: true });
}

async function scrollTimeline(page, to) {
  await page.locator('.timeline').evaluate((box, where) => {
    box.scrollTop = where === 'top' ? 0 : box.scrollHeight;
  }, to);
}

test('a conversation opens at the last read position; scrolling loads older and newer pages, then marks read',
  async () => {
    const { alice, bob } = await friendsInBrowsers();
    await bob.api.connect();
    const acks = [];
    for (let i = 1; i <= 120; i++) {
      acks.push(await bob.api.send({ toUser: alice.userId, text: `numbered ${i}` }));
    }
    await alice.api.markRead(dm(alice, bob), acks[79].messageId);
    await alice.page.reload();
    const aliceLine = line(alice.page, dm(alice, bob));
    await aliceLine.getByTestId('unread').filter({ hasText: '40' }).waitFor({ timeout: TIMEOUT });
    await aliceLine.click();
    const divider = alice.page.getByTestId('divider');
    await divider.waitFor({ timeout: TIMEOUT });
    const inView = (locator) => locator.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    assert.equal(await inView(divider), true, 'opened at the divider after the last read message');
    await numbered(alice.page, 81).waitFor();
    assert.equal(await numbered(alice.page, 10).count(), 0, 'older pages are not loaded yet');
    await shot(alice.page, 'last-read');

    await scrollTimeline(alice.page, 'top');
    await numbered(alice.page, 10).waitFor({ timeout: TIMEOUT });
    for (let i = 0; i < 5 && (await numbered(alice.page, 120).count()) === 0; i++) {
      await scrollTimeline(alice.page, 'bottom');
      await alice.page.waitForTimeout(300);
    }
    await numbered(alice.page, 120).waitFor({ timeout: TIMEOUT });
    await scrollTimeline(alice.page, 'bottom');
    await aliceLine.getByTestId('unread').waitFor({ state: 'detached', timeout: TIMEOUT });
    for (let i = 0; i < 5 && (await numbered(alice.page, 1).count()) === 0; i++) {
      await scrollTimeline(alice.page, 'top');
      await alice.page.waitForTimeout(300);
    }
    await numbered(alice.page, 1).waitFor({ timeout: TIMEOUT });
    assert.equal(await alice.page.getByTestId('message').count(), 120, 'each message once');
    await close(alice, bob);
  });

test('clear errors: a text too long is refused with a message and kept in the composer', async () => {
  const { alice, bob } = await friendsInBrowsers();
  await friendEntry(alice.page, bob).click();
  const long = 'x'.repeat(100000);
  await alice.page.getByTestId('composer').fill(long);
  await alice.page.getByTestId('send').click();
  await alice.page.getByTestId('error').filter({ hasText: 'too long' }).waitFor({ timeout: TIMEOUT });
  assert.equal((await alice.page.getByTestId('composer').inputValue()).length, long.length);
  await send(alice.page, 'short is fine');
  await messages(alice.page, 'short is fine').waitFor({ timeout: TIMEOUT });
  assert.equal(await alice.page.getByTestId('error').count(), 0, 'the error is cleared by a good send');
  await close(alice, bob);
});

test('a forced xhr-polling transport still delivers', async () => {
  const alice = await signUp('Alice');
  const bob = await signUp('Bob');
  await befriendByApi(alice, bob);
  await alice.page.goto(`${URL}/?transport=xhr-polling`);
  await bob.page.reload();
  await friendEntry(alice.page, bob).click();
  await friendEntry(bob.page, alice).click();
  await send(alice.page, 'over xhr-polling');
  await messages(bob.page, 'over xhr-polling').waitFor({ timeout: TIMEOUT });
  await send(bob.page, 'back to polling');
  await messages(alice.page, 'back to polling').waitFor({ timeout: TIMEOUT });
  await close(alice, bob);
});

test('the event-bus bridge from page JavaScript: a forged registration and a forged sender are refused', async () => {
  const alice = await signUp('Alice');
  const bob = await signUp('Bob');
  const page = alice.page;
  await page.addScriptTag({ url: '/assets/sockjs.min.js' });
  await page.addScriptTag({ url: '/assets/vertx-eventbus.js' });
  const seen = await page.evaluate(async ({ token, self, other }) => new Promise((resolve) => {
    const result = { errors: [], stolen: 0, frames: [] };
    const eb = new EventBus(`/v1/eventbus?token=${encodeURIComponent(token)}&deviceId=page-bridge`);
    const finish = () => { eb.close(); resolve(result); };
    setTimeout(finish, 10000);
    eb.onerror = (err) => result.errors.push(err.body);
    eb.onopen = () => {
      // another user's address: refused, and nothing of it arrives
      eb.registerHandler(`parley.user.${other}`, () => { result.stolen += 1; });
      eb.registerHandler(`parley.user.${self}`, (err, message) => {
        if (err) {
          result.errors.push(err);
          return;
        }
        result.frames.push(message.body);
        if (message.body.type === 'ack') {
          finish();
        }
      });
      // a send through the one permitted address, claiming in its headers to come from the other user
      eb.send('parley.client', { type: 'send', ref: 'b1', clientMessageId: 'page-1', toUser: other, text: 'forged?' },
        { userId: other, from: other });
    };
  }), { token: alice.api.session.token, self: alice.userId, other: bob.userId });

  assert.equal(seen.stolen, 0, 'nothing of the other user\'s address reached the page');
  assert.ok(seen.errors.includes('access_denied'), `the forged registration was refused: ${JSON.stringify(seen.errors)}`);
  const ack = seen.frames.find((frame) => frame.type === 'ack');
  assert.ok(ack, `the page's own frames arrived, the ack among them: ${JSON.stringify(seen.frames)}`);
  const history = await bob.api.history(ack.conversationId);
  const stored = history.messages.find((message) => message.messageId === ack.messageId);
  assert.equal(stored.from, alice.userId, 'the sender is the token\'s user, whatever the headers said');
  await close(alice, bob);
});

test('the login screen and a phone-sized layout pass the accessibility check', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${URL}/`);
  await page.getByTestId('submit').waitFor();
  await expectNoSeriousViolations(page, 'the login screen');
  await shot(page, 'login-phone');
  await context.close();

  const { alice, bob } = await friendsInBrowsers({ viewport: { width: 390, height: 844 } });
  await friendEntry(alice.page, bob).click();
  await send(alice.page, 'from my phone');
  await messages(alice.page, 'from my phone').waitFor({ timeout: TIMEOUT });
  assert.equal(await alice.page.locator('.sidebar').isVisible(), false, 'the conversation takes the whole screen');
  await shot(alice.page, 'chat-phone');
  await expectNoSeriousViolations(alice.page, 'the phone chat screen');
  await alice.page.getByRole('button', { name: 'Back to conversations' }).click();
  await line(alice.page, dm(alice, bob)).waitFor();
  await expectNoSeriousViolations(alice.page, 'the phone conversation list');
  await alice.page.getByTestId('devices-open').click();
  await alice.page.getByTestId('session').first().waitFor({ timeout: TIMEOUT });
  assert.equal(await alice.page.locator('.sidebar').isVisible(), false, 'the devices screen takes the whole screen');
  await shot(alice.page, 'devices-phone');
  await expectNoSeriousViolations(alice.page, 'the phone devices screen');
  await close(alice, bob);
});
