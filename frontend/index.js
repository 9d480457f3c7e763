/**
 * Entry point: TensorBoard's plugin_entry.html imports this module (with
 * `<base href="plugin/cyclescope/">`) and calls render(). Everything else
 * is served under static/.
 */

import { startApp } from "./static/app.js";

/** Adds the stylesheet and resolves once it applies (the charts read its colours). */
function loadStylesheet(href) {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve);
    document.head.append(link);
  });
}

export async function render() {
  await loadStylesheet("static/style.css");
  try {
    await startApp(document.body);
  } catch (error) {
    // A bug, not a data problem (those are shown by the app): say so on the
    // page rather than leaving it blank.
    const message = document.createElement("p");
    message.className = "cs-message";
    message.textContent = `Cyclescope failed: ${error}`;
    document.body.append(message);
    document.body.dataset.ready = "true";
    throw error;
  }
}
