/**
 * Small DOM helpers. Text always goes in through textContent (or text
 * nodes), so names taken from the logs can never become markup.
 */

/**
 * Creates an element.
 * @param {string} tag
 * @param {{className?: string, text?: string, attrs?: Record<string, string>,
 *          dataset?: Record<string, string>, on?: Record<string, EventListener>}} [props]
 * @param {...(Node|string|null)} children strings become text nodes; nulls are skipped
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [key, value] of Object.entries(props.attrs ?? {})) node.setAttribute(key, value);
  Object.assign(node.dataset, props.dataset ?? {});
  for (const [event, listener] of Object.entries(props.on ?? {})) node.addEventListener(event, listener);
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** A colour swatch for a run or layer. */
export function swatch(color) {
  const node = el("span", { className: "cs-swatch", attrs: { "aria-hidden": "true" } });
  node.style.background = color;
  return node;
}

/**
 * Calls `onWidth(width)` whenever the element's content width changes to a
 * non-zero value. The iframe is collapsed (height 0) while another
 * TensorBoard tab is shown; zero sizes are skipped, and the charts are laid
 * out again when the tab comes back.
 * @returns {() => void} stops observing
 */
export function observeWidth(element, onWidth) {
  let last = -1;
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const width = Math.floor(element.clientWidth);
      if (width > 0 && width !== last) {
        last = width;
        onWidth(width);
      }
    });
  });
  observer.observe(element);
  return () => observer.disconnect();
}

/** A canvas sized to `width` x `height` CSS pixels at the device's pixel ratio. */
export function sizeCanvas(canvas, width, height) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
