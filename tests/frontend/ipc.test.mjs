import assert from "node:assert/strict";
import { test } from "node:test";

import { DATA_RELOADED, handleHostMessage } from "../../frontend/ipc.js";

const message = (type, id, isReply = false) =>
  JSON.stringify({ type, id, payload: null, error: null, isReply });

test("DataReloaded calls the handler and is answered", () => {
  let calls = 0;
  const reply = handleHostMessage(message(DATA_RELOADED, 7), { [DATA_RELOADED]: () => calls++ });
  assert.equal(calls, 1);
  assert.deepEqual(JSON.parse(reply), {
    type: DATA_RELOADED,
    id: 7,
    payload: null,
    error: null,
    isReply: true,
  });
});

test("unknown messages are answered too (the host waits for a reply)", () => {
  const reply = JSON.parse(handleHostMessage(message("experimental.RunsChanged", 3), {}));
  assert.equal(reply.id, 3);
  assert.equal(reply.isReply, true);
});

test("a failing handler is reported in the reply", () => {
  const reply = JSON.parse(
    handleHostMessage(message("t", 1), {
      t: () => {
        throw new Error("boom");
      },
    }),
  );
  assert.equal(reply.error, "Error: boom");
});

test("replies and garbage are ignored", () => {
  assert.equal(handleHostMessage(message("t", 1, true), {}), null);
  assert.equal(handleHostMessage("not json", {}), null);
  assert.equal(handleHostMessage("null", {}), null);
});
