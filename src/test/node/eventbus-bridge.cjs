// Drives /v1/eventbus with the real npm @vertx/eventbus-bridge-client.js (run by BridgeE2ETest).
// Env: PARLEY_URL, TOKEN (alice's), USER_ID (alice's), OTHER_ID (bob's), TRANSPORT (a sockjs-client transport).
// Prints one JSON line with what the page saw; exits non-zero if the bridge never opened.
const EventBus = require('@vertx/eventbus-bridge-client.js');

const { PARLEY_URL, TOKEN, USER_ID, OTHER_ID, TRANSPORT } = process.env;
const seen = { frames: [], errors: [], stolen: 0 };
const eb = new EventBus(`${PARLEY_URL}/v1/eventbus?token=${TOKEN}&deviceId=node-bridge`,
  { transports: [TRANSPORT || 'websocket'], vertxbus_ping_interval: 5000 });
const done = setTimeout(finish, 15000);

function finish() {
  clearTimeout(done);
  console.log(JSON.stringify(seen));
  eb.close();
  setTimeout(() => process.exit(seen.frames.length > 0 ? 0 : 1), 200);
}

eb.onerror = (err) => seen.errors.push(err.body);
eb.onopen = () => {
  // refused: another user's address, and addresses of the server's own bus
  eb.registerHandler(`parley.user.${OTHER_ID}`, () => { seen.stolen++; });
  eb.send('chat.routing.send', { type: 'send', clientMessageId: 'forged-1', toUser: OTHER_ID, text: 'forged' });
  eb.publish(`chat.user.${OTHER_ID}`, { type: 'message', text: 'forged' });
  eb.send('__vertx.reply.1', { type: 'sync' });
  eb.send('parley.client');
  // the page's own address, and a frame through the one permitted address with forged sender headers
  eb.registerHandler(`parley.user.${USER_ID}`, (err, message) => {
    if (err) {
      seen.errors.push(err);
      return;
    }
    seen.frames.push(message.body);
    if (message.body.type === 'ack') {
      finish();
    }
  });
  eb.send('parley.client', { type: 'send', ref: 'n1', clientMessageId: 'node-1', toUser: OTHER_ID, text: 'via bridge' },
    { userId: OTHER_ID, from: OTHER_ID });
};
