/**
 * The host's IPC, re-implemented (TensorBoard does not publish its
 * plugin_lib): the iframe posts "experimental.bootstrap" with a
 * MessagePort to the parent, then both sides exchange JSON strings
 * `{type, id, payload, error, isReply}` over that port. The host sends
 * "experimental.DataReloaded" when its reload button is clicked, and waits
 * for a reply to every message it sends.
 */

export const DATA_RELOADED = "experimental.DataReloaded";

/**
 * Handles one raw message from the host: calls `handlers[type]` if any and
 * returns the reply to post back (a JSON string), or null for replies and
 * unreadable messages.
 * @param {unknown} raw
 * @param {Record<string, () => void>} handlers
 */
export function handleHostMessage(raw, handlers) {
  let message;
  try {
    message = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!message || typeof message !== "object" || message.isReply) return null;
  let error = null;
  try {
    handlers[message.type]?.();
  } catch (e) {
    error = String(e);
  }
  return JSON.stringify({ type: message.type, id: message.id, payload: null, error, isReply: true });
}

/**
 * Connects to the TensorBoard host if the page runs in its iframe; calls
 * `onDataReloaded` when the host's reload button is clicked.
 */
export function connectToHost(onDataReloaded) {
  if (window.parent === window) return;
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    const reply = handleHostMessage(event.data, { [DATA_RELOADED]: onDataReloaded });
    if (reply !== null) channel.port1.postMessage(reply);
  };
  window.parent.postMessage("experimental.bootstrap", "*", [channel.port2]);
}
