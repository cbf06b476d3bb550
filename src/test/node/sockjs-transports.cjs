// Drives /v1/sockjs with the real npm sockjs-client over each transport (run by SockJsClientE2ETest).
// Env: PARLEY_URL, TOKEN. For each transport: welcome, a sync answered, then a second connection of the same
// device, which must close the first with 4409. Prints one JSON line per transport; exits non-zero on a failure.
const SockJS = require('sockjs-client');

const { PARLEY_URL, TOKEN } = process.env;
const transports = ['websocket', 'xhr-streaming', 'xhr-polling', 'eventsource'];

function open(transport, deviceId) {
  return new SockJS(`${PARLEY_URL}/v1/sockjs?token=${TOKEN}&deviceId=${deviceId}`, null, { transports: [transport] });
}

function run(transport) {
  return new Promise((resolve, reject) => {
    const seen = { transport, frames: [] };
    const deviceId = `node-${transport}`;
    const first = open(transport, deviceId);
    const timer = setTimeout(() => reject(new Error(`${transport}: timed out, saw ${JSON.stringify(seen)}`)), 15000);
    first.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      seen.frames.push(frame.type);
      if (frame.type === 'welcome') {
        first.send(JSON.stringify({ type: 'sync', ref: 'n1' }));
      } else if (frame.type === 'sync.page' && frame.ref === 'n1') {
        const second = open(transport, deviceId);
        second.onclose = (e) => { seen.secondClose = { code: e.code, reason: e.reason }; };
        seen.second = second;
        Object.defineProperty(seen, 'second', { enumerable: false, writable: true, value: second });
      }
    };
    first.onclose = (event) => {
      clearTimeout(timer);
      seen.close = { code: event.code, reason: event.reason };
      if (seen.second) {
        seen.second.close();
        delete seen.second;
      }
      resolve(seen);
    };
  });
}

(async () => {
  let failed = false;
  for (const transport of transports) {
    try {
      console.log(JSON.stringify(await run(transport)));
    } catch (e) {
      failed = true;
      console.log(JSON.stringify({ transport, error: e.message }));
    }
  }
  process.exit(failed ? 1 : 0);
})();
