/**
 * Entry point: TensorBoard's plugin_entry.html imports the plugin's
 * `index.js` (with `<base href="plugin/cyclescope/">`), which re-exports
 * this module from `static/<version>/index.js`, and calls render(). This
 * module and everything it imports are thus loaded from
 * `static/<version>/`, where the browser may cache them for good (a new
 * version of the files is served under a new version).
 *
 * This module imports nothing statically: render() requests the runs
 * route, the stylesheet and the app at once, so that the runs listing
 * (which every other load waits for) does not wait for the app's code.
 * The app is `bundle.js` (app.js and its imports in one file) when the
 * plugin says so in this module's URL (`index.js?app=bundle.js`), else
 * app.js and its imports one by one.
 */

/** Imports the module that exports startApp(), as `entryUrl` says. */
export function importApp(entryUrl) {
  return new URL(entryUrl).searchParams.get("app") === "bundle.js"
    ? import("./bundle.js")
    : import("./app.js");
}

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

/**
 * A fetch that answers the first `runs` request with `early` (a response
 * already requested) and everything else, later `runs` requests (reloads)
 * included, with `fetchImpl`.
 */
export function answerRunsWith(early, fetchImpl) {
  let pending = early;
  return (url, init) => {
    if (url !== "runs" || pending === null) return fetchImpl(url, init);
    const response = pending;
    pending = null;
    return response;
  };
}

export async function render() {
  // The same request api.js makes for the runs route.
  const early = fetch("runs", { headers: { Accept: "application/json" } });
  early.catch(() => {}); // reported by the app when it reads the response
  try {
    const [{ startApp }] = await Promise.all([
      importApp(import.meta.url),
      loadStylesheet(new URL("./style.css", import.meta.url)),
    ]);
    await startApp(document.body, { fetchImpl: answerRunsWith(early, (...args) => fetch(...args)) });
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
