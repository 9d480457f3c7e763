// cyclescope bundle of the modules v8f13c435bd443f9d; made by frontend/build_bundle.py
// Includes uPlot (MIT licence, Copyright (c) 2022 Leon Sorokin): see vendor/LICENSE.

// api.js
var RouteError = class extends Error {
  constructor(route, status, body) {
    const detail = body.trim().slice(0, 300);
    super(`${route}: HTTP ${status}${detail ? ` \u2013 ${detail}` : ""}`);
    this.name = "RouteError";
    this.status = status;
  }
};
var array = (v) => Array.isArray(v) ? v : [];
var textOrNull = (v) => typeof v === "string" ? v : null;
function normalizeWarnings(warnings) {
  return array(warnings).filter((w) => typeof w?.problem === "string").map((w) => ({
    run: textOrNull(w.run),
    tag: textOrNull(w.tag),
    step: Number.isFinite(w.step) ? w.step : null,
    problem: w.problem
  }));
}
function normalizeSeries(points2) {
  return { step: array(points2?.step), value: array(points2?.value) };
}
function normalizeLr(json) {
  return {
    ...json,
    source: json.source ?? "cyclescope",
    points: normalizeSeries(json.points),
    schedule: json.schedule ?? null,
    epochs: { step: array(json.epochs?.step), epoch: array(json.epochs?.epoch) },
    cycles: array(json.cycles),
    phases: array(json.phases),
    position: json.position ?? null,
    snapshots: array(json.snapshots),
    ensembles: array(json.ensembles),
    warnings: normalizeWarnings(json.warnings)
  };
}
function normalizeLoss(json) {
  return { ...json, points: normalizeSeries(json.points), warnings: normalizeWarnings(json.warnings) };
}
function normalizeDeadRelu(json) {
  return {
    ...json,
    layers: array(json.layers),
    checks: array(json.checks),
    dead: array(json.dead),
    fraction: array(json.fraction),
    died: array(json.died),
    revived: array(json.revived),
    threshold: Number.isFinite(json.threshold) ? json.threshold : null,
    warnings: normalizeWarnings(json.warnings)
  };
}
function normalizeRangeTest(json) {
  return {
    ...json,
    lrs: array(json.lrs),
    losses: array(json.losses),
    raw_losses: array(json.raw_losses),
    warnings: normalizeWarnings(json.warnings)
  };
}
function normalizeHistograms(json) {
  return {
    ...json,
    histograms: array(json.histograms).map((h) => ({ step: h.step, buckets: array(h.buckets) })),
    warnings: normalizeWarnings(json.warnings)
  };
}
function createApi(fetchImpl = (...args) => fetch(...args)) {
  async function getJson(route, params, options) {
    const url = params ? `${route}?${new URLSearchParams(params)}` : route;
    const init = { headers: { Accept: "application/json" } };
    if (options?.priority) init.priority = options.priority;
    const response = await fetchImpl(url, init);
    if (!response.ok) throw new RouteError(route, response.status, await response.text());
    try {
      return await response.json();
    } catch {
      throw new RouteError(route, response.status, "the response is not valid JSON");
    }
  }
  return {
    runs: async () => {
      const json = await getJson("runs");
      return { runs: array(json.runs), warnings: normalizeWarnings(json.warnings) };
    },
    lr: async (run, options) => normalizeLr(await getJson("lr", { run }, options)),
    loss: async (run, options) => normalizeLoss(await getJson("loss", { run }, options)),
    deadRelu: async (run, options) => normalizeDeadRelu(await getJson("dead_relu", { run }, options)),
    histograms: async (run, layer, options) => normalizeHistograms(await getJson("histograms", { run, layer }, options)),
    rangeTest: async (run, options) => normalizeRangeTest(await getJson("lr_range_test", { run }, options))
  };
}

// colors.js
function assignRunColors(names, previous, paletteSize) {
  const result = /* @__PURE__ */ new Map();
  const uses = new Array(paletteSize).fill(0);
  for (const name of names) {
    const index = previous.get(name);
    if (index !== void 0 && index < paletteSize) {
      result.set(name, index);
      uses[index]++;
    }
  }
  for (const name of names) {
    if (result.has(name)) continue;
    const index = uses.indexOf(Math.min(...uses));
    result.set(name, index);
    uses[index]++;
  }
  return result;
}
function parseColor(text) {
  const s = String(text).trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16));
  m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map(Number);
  return null;
}
function withAlpha(color, a) {
  const rgb = parseColor(color) ?? [128, 128, 128];
  return `rgba(${rgb.join(", ")}, ${a})`;
}
function scaleColor(t, stops) {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const pos = clamped * (stops.length - 1);
  const i = Math.min(Math.floor(pos), stops.length - 2);
  const f = pos - i;
  const rgb = stops[i].map((c, k) => Math.round(c + (stops[i + 1][k] - c) * f));
  return `rgb(${rgb.join(", ")})`;
}
function heatPosition(fraction) {
  return Number.isFinite(fraction) ? Math.sqrt(Math.min(1, Math.max(0, fraction))) : 0;
}

// vendor/uPlot.esm.js
var FEAT_TIME = true;
var pre = "u-";
var UPLOT = "uplot";
var ORI_HZ = pre + "hz";
var ORI_VT = pre + "vt";
var TITLE = pre + "title";
var WRAP = pre + "wrap";
var UNDER = pre + "under";
var OVER = pre + "over";
var AXIS = pre + "axis";
var OFF = pre + "off";
var SELECT = pre + "select";
var CURSOR_X = pre + "cursor-x";
var CURSOR_Y = pre + "cursor-y";
var CURSOR_PT = pre + "cursor-pt";
var LEGEND = pre + "legend";
var LEGEND_LIVE = pre + "live";
var LEGEND_INLINE = pre + "inline";
var LEGEND_SERIES = pre + "series";
var LEGEND_MARKER = pre + "marker";
var LEGEND_LABEL = pre + "label";
var LEGEND_VALUE = pre + "value";
var WIDTH = "width";
var HEIGHT = "height";
var TOP = "top";
var BOTTOM = "bottom";
var LEFT = "left";
var RIGHT = "right";
var hexBlack = "#000";
var transparent = hexBlack + "0";
var mousemove = "mousemove";
var mousedown = "mousedown";
var mouseup = "mouseup";
var mouseenter = "mouseenter";
var mouseleave = "mouseleave";
var dblclick = "dblclick";
var resize = "resize";
var scroll = "scroll";
var change = "change";
var dppxchange = "dppxchange";
var LEGEND_DISP = "--";
var domEnv = typeof window != "undefined";
var doc = domEnv ? document : null;
var win = domEnv ? window : null;
var nav = domEnv ? navigator : null;
var pxRatio;
var query;
function setPxRatio() {
  let _pxRatio = devicePixelRatio;
  if (pxRatio != _pxRatio) {
    pxRatio = _pxRatio;
    query && off(change, query, setPxRatio);
    query = matchMedia(`(min-resolution: ${pxRatio - 1e-3}dppx) and (max-resolution: ${pxRatio + 1e-3}dppx)`);
    on(change, query, setPxRatio);
    win.dispatchEvent(new CustomEvent(dppxchange));
  }
}
function addClass(el2, c) {
  if (c != null) {
    let cl = el2.classList;
    !cl.contains(c) && cl.add(c);
  }
}
function remClass(el2, c) {
  let cl = el2.classList;
  cl.contains(c) && cl.remove(c);
}
function setStylePx(el2, name, value) {
  el2.style[name] = value + "px";
}
function placeTag(tag, cls, targ, refEl) {
  let el2 = doc.createElement(tag);
  if (cls != null)
    addClass(el2, cls);
  if (targ != null)
    targ.insertBefore(el2, refEl);
  return el2;
}
function placeDiv(cls, targ) {
  return placeTag("div", cls, targ);
}
var xformCache = /* @__PURE__ */ new WeakMap();
function elTrans(el2, xPos, yPos, xMax, yMax) {
  let xform = "translate(" + xPos + "px," + yPos + "px)";
  let xformOld = xformCache.get(el2);
  if (xform != xformOld) {
    el2.style.transform = xform;
    xformCache.set(el2, xform);
    if (xPos < 0 || yPos < 0 || xPos > xMax || yPos > yMax)
      addClass(el2, OFF);
    else
      remClass(el2, OFF);
  }
}
var colorCache = /* @__PURE__ */ new WeakMap();
function elColor(el2, background, borderColor) {
  let newColor = background + borderColor;
  let oldColor = colorCache.get(el2);
  if (newColor != oldColor) {
    colorCache.set(el2, newColor);
    el2.style.background = background;
    el2.style.borderColor = borderColor;
  }
}
var sizeCache = /* @__PURE__ */ new WeakMap();
function elSize(el2, newWid, newHgt, centered) {
  let newSize = newWid + "" + newHgt;
  let oldSize = sizeCache.get(el2);
  if (newSize != oldSize) {
    sizeCache.set(el2, newSize);
    el2.style.height = newHgt + "px";
    el2.style.width = newWid + "px";
    el2.style.marginLeft = centered ? -newWid / 2 + "px" : 0;
    el2.style.marginTop = centered ? -newHgt / 2 + "px" : 0;
  }
}
var evOpts = { passive: true };
var evOpts2 = { ...evOpts, capture: true };
function on(ev, el2, cb, capt) {
  el2.addEventListener(ev, cb, capt ? evOpts2 : evOpts);
}
function off(ev, el2, cb, capt) {
  el2.removeEventListener(ev, cb, evOpts);
}
domEnv && setPxRatio();
function closestIdx(num, arr, lo, hi) {
  let mid;
  lo = lo || 0;
  hi = hi || arr.length - 1;
  let bitwise = hi <= 2147483647;
  while (hi - lo > 1) {
    mid = bitwise ? lo + hi >> 1 : floor((lo + hi) / 2);
    if (arr[mid] < num)
      lo = mid;
    else
      hi = mid;
  }
  if (num - arr[lo] <= arr[hi] - num)
    return lo;
  return hi;
}
function makeIndexOfs(predicate) {
  let indexOfs = (data, _i0, _i1) => {
    let i0 = -1;
    let i1 = -1;
    for (let i = _i0; i <= _i1; i++) {
      if (predicate(data[i])) {
        i0 = i;
        break;
      }
    }
    for (let i = _i1; i >= _i0; i--) {
      if (predicate(data[i])) {
        i1 = i;
        break;
      }
    }
    return [i0, i1];
  };
  return indexOfs;
}
var notNullish = (v) => v != null;
var isPositive = (v) => v != null && v > 0;
var nonNullIdxs = makeIndexOfs(notNullish);
var positiveIdxs = makeIndexOfs(isPositive);
function getMinMax(data, _i0, _i1, sorted = 0, log = false) {
  let getEdgeIdxs = log ? positiveIdxs : nonNullIdxs;
  let predicate = log ? isPositive : notNullish;
  [_i0, _i1] = getEdgeIdxs(data, _i0, _i1);
  let _min = data[_i0];
  let _max = data[_i0];
  if (_i0 > -1) {
    if (sorted == 1) {
      _min = data[_i0];
      _max = data[_i1];
    } else if (sorted == -1) {
      _min = data[_i1];
      _max = data[_i0];
    } else {
      for (let i = _i0; i <= _i1; i++) {
        let v = data[i];
        if (predicate(v)) {
          if (v < _min)
            _min = v;
          else if (v > _max)
            _max = v;
        }
      }
    }
  }
  return [_min ?? inf, _max ?? -inf];
}
function rangeLog(min2, max2, base, fullMags) {
  let minSign = sign(min2);
  let maxSign = sign(max2);
  if (min2 == max2) {
    if (minSign == -1) {
      min2 *= base;
      max2 /= base;
    } else {
      min2 /= base;
      max2 *= base;
    }
  }
  let logFn = base == 10 ? log10 : log2;
  let growMinAbs = minSign == 1 ? floor : ceil;
  let growMaxAbs = maxSign == 1 ? ceil : floor;
  let minExp = growMinAbs(logFn(abs(min2)));
  let maxExp = growMaxAbs(logFn(abs(max2)));
  let minIncr = pow(base, minExp);
  let maxIncr = pow(base, maxExp);
  if (base == 10) {
    if (minExp < 0)
      minIncr = roundDec(minIncr, -minExp);
    if (maxExp < 0)
      maxIncr = roundDec(maxIncr, -maxExp);
  }
  if (fullMags || base == 2) {
    min2 = minIncr * minSign;
    max2 = maxIncr * maxSign;
  } else {
    min2 = incrRoundDn(min2, minIncr);
    max2 = incrRoundUp(max2, maxIncr);
  }
  return [min2, max2];
}
function rangeAsinh(min2, max2, base, fullMags) {
  let minMax = rangeLog(min2, max2, base, fullMags);
  if (min2 == 0)
    minMax[0] = 0;
  if (max2 == 0)
    minMax[1] = 0;
  return minMax;
}
var rangePad = 0.1;
var autoRangePart = {
  mode: 3,
  pad: rangePad
};
var _eqRangePart = {
  pad: 0,
  soft: null,
  mode: 0
};
var _eqRange = {
  min: _eqRangePart,
  max: _eqRangePart
};
function rangeNum(_min, _max, mult, extra) {
  if (isObj(mult))
    return _rangeNum(_min, _max, mult);
  _eqRangePart.pad = mult;
  _eqRangePart.soft = extra ? 0 : null;
  _eqRangePart.mode = extra ? 3 : 0;
  return _rangeNum(_min, _max, _eqRange);
}
function ifNull(lh, rh) {
  return lh == null ? rh : lh;
}
function hasData(data, idx0, idx1) {
  idx0 = ifNull(idx0, 0);
  idx1 = ifNull(idx1, data.length - 1);
  while (idx0 <= idx1) {
    if (data[idx0] != null)
      return true;
    idx0++;
  }
  return false;
}
function _rangeNum(_min, _max, cfg) {
  let cmin = cfg.min;
  let cmax = cfg.max;
  let padMin = ifNull(cmin.pad, 0);
  let padMax = ifNull(cmax.pad, 0);
  let hardMin = ifNull(cmin.hard, -inf);
  let hardMax = ifNull(cmax.hard, inf);
  let softMin = ifNull(cmin.soft, inf);
  let softMax = ifNull(cmax.soft, -inf);
  let softMinMode = ifNull(cmin.mode, 0);
  let softMaxMode = ifNull(cmax.mode, 0);
  let delta = _max - _min;
  let deltaMag = log10(delta);
  let scalarMax = max(abs(_min), abs(_max));
  let scalarMag = log10(scalarMax);
  let scalarMagDelta = abs(scalarMag - deltaMag);
  if (delta < 1e-24 || scalarMagDelta > 10) {
    delta = 0;
    if (_min == 0 || _max == 0) {
      delta = 1e-24;
      if (softMinMode == 2 && softMin != inf)
        padMin = 0;
      if (softMaxMode == 2 && softMax != -inf)
        padMax = 0;
    }
  }
  let nonZeroDelta = delta || scalarMax || 1e3;
  let mag = log10(nonZeroDelta);
  let base = pow(10, floor(mag));
  let _padMin = nonZeroDelta * (delta == 0 ? _min == 0 ? 0.1 : 1 : padMin);
  let _newMin = roundDec(incrRoundDn(_min - _padMin, base / 10), 24);
  let _softMin = _min >= softMin && (softMinMode == 1 || softMinMode == 3 && _newMin <= softMin || softMinMode == 2 && _newMin >= softMin) ? softMin : inf;
  let minLim = max(hardMin, _newMin < _softMin && _min >= _softMin ? _softMin : min(_softMin, _newMin));
  let _padMax = nonZeroDelta * (delta == 0 ? _max == 0 ? 0.1 : 1 : padMax);
  let _newMax = roundDec(incrRoundUp(_max + _padMax, base / 10), 24);
  let _softMax = _max <= softMax && (softMaxMode == 1 || softMaxMode == 3 && _newMax >= softMax || softMaxMode == 2 && _newMax <= softMax) ? softMax : -inf;
  let maxLim = min(hardMax, _newMax > _softMax && _max <= _softMax ? _softMax : max(_softMax, _newMax));
  if (minLim == maxLim && minLim == 0)
    maxLim = 100;
  return [minLim, maxLim];
}
var numFormatter = new Intl.NumberFormat(domEnv ? nav.language : "en-US");
var fmtNum = (val) => numFormatter.format(val);
var M = Math;
var PI = M.PI;
var abs = M.abs;
var floor = M.floor;
var round = M.round;
var ceil = M.ceil;
var min = M.min;
var max = M.max;
var pow = M.pow;
var sign = M.sign;
var log10 = M.log10;
var log2 = M.log2;
var sinh = (v, linthresh = 1) => M.sinh(v) * linthresh;
var asinh = (v, linthresh = 1) => M.asinh(v / linthresh);
var inf = Infinity;
function numIntDigits(x) {
  return (log10((x ^ x >> 31) - (x >> 31)) | 0) + 1;
}
function clamp(num, _min, _max) {
  return min(max(num, _min), _max);
}
function isFn(v) {
  return typeof v == "function";
}
function fnOrSelf(v) {
  return isFn(v) ? v : () => v;
}
var noop = () => {
};
var retArg0 = (_0) => _0;
var retArg1 = (_0, _1) => _1;
var retNull = (_2) => null;
var retTrue = (_2) => true;
var retEq = (a, b) => a == b;
var regex6 = /\.\d*?(?=9{6,}|0{6,})/gm;
var fixFloat = (val) => {
  if (isInt(val) || fixedDec.has(val))
    return val;
  const str = `${val}`;
  const match = str.match(regex6);
  if (match == null)
    return val;
  let len = match[0].length - 1;
  if (str.indexOf("e-") != -1) {
    let [num, exp] = str.split("e");
    return +`${fixFloat(num)}e${exp}`;
  }
  return roundDec(val, len);
};
function incrRound(num, incr) {
  return fixFloat(roundDec(fixFloat(num / incr)) * incr);
}
function incrRoundUp(num, incr) {
  return fixFloat(ceil(fixFloat(num / incr)) * incr);
}
function incrRoundDn(num, incr) {
  return fixFloat(floor(fixFloat(num / incr)) * incr);
}
function roundDec(val, dec = 0) {
  if (isInt(val))
    return val;
  let p = 10 ** dec;
  let n = val * p * (1 + Number.EPSILON);
  return round(n) / p;
}
var fixedDec = /* @__PURE__ */ new Map();
function guessDec(num) {
  return (("" + num).split(".")[1] || "").length;
}
function genIncrs(base, minExp, maxExp, mults) {
  let incrs = [];
  let multDec = mults.map(guessDec);
  for (let exp = minExp; exp < maxExp; exp++) {
    let expa = abs(exp);
    let mag = roundDec(pow(base, exp), expa);
    for (let i = 0; i < mults.length; i++) {
      let _incr = base == 10 ? +`${mults[i]}e${exp}` : mults[i] * mag;
      let dec = (exp >= 0 ? 0 : expa) + (exp >= multDec[i] ? 0 : multDec[i]);
      let incr = base == 10 ? _incr : roundDec(_incr, dec);
      incrs.push(incr);
      fixedDec.set(incr, dec);
    }
  }
  return incrs;
}
var EMPTY_OBJ = {};
var EMPTY_ARR = [];
var nullNullTuple = [null, null];
var isArr = Array.isArray;
var isInt = Number.isInteger;
var isUndef = (v) => v === void 0;
function isStr(v) {
  return typeof v == "string";
}
function isObj(v) {
  let is = false;
  if (v != null) {
    let c = v.constructor;
    is = c == null || c == Object;
  }
  return is;
}
function fastIsObj(v) {
  return v != null && typeof v == "object";
}
var TypedArray = Object.getPrototypeOf(Uint8Array);
var __proto__ = "__proto__";
function copy(o, _isObj = isObj) {
  let out;
  if (isArr(o)) {
    let val = o.find((v) => v != null);
    if (isArr(val) || _isObj(val)) {
      out = Array(o.length);
      for (let i = 0; i < o.length; i++)
        out[i] = copy(o[i], _isObj);
    } else
      out = o.slice();
  } else if (o instanceof TypedArray)
    out = o.slice();
  else if (_isObj(o)) {
    out = {};
    for (let k in o) {
      if (k != __proto__)
        out[k] = copy(o[k], _isObj);
    }
  } else
    out = o;
  return out;
}
function assign(targ) {
  let args = arguments;
  for (let i = 1; i < args.length; i++) {
    let src = args[i];
    for (let key in src) {
      if (key != __proto__) {
        if (isObj(targ[key]))
          assign(targ[key], copy(src[key]));
        else
          targ[key] = copy(src[key]);
      }
    }
  }
  return targ;
}
var NULL_REMOVE = 0;
var NULL_RETAIN = 1;
var NULL_EXPAND = 2;
function nullExpand(yVals, nullIdxs, alignedLen) {
  for (let i = 0, xi, lastNullIdx = -1; i < nullIdxs.length; i++) {
    let nullIdx = nullIdxs[i];
    if (nullIdx > lastNullIdx) {
      xi = nullIdx - 1;
      while (xi >= 0 && yVals[xi] == null)
        yVals[xi--] = null;
      xi = nullIdx + 1;
      while (xi < alignedLen && yVals[xi] == null)
        yVals[lastNullIdx = xi++] = null;
    }
  }
}
function join(tables, nullModes) {
  if (allHeadersSame(tables)) {
    let table = tables[0].slice();
    for (let i = 1; i < tables.length; i++)
      table.push(...tables[i].slice(1));
    if (!isAsc(table[0]))
      table = sortCols(table);
    return table;
  }
  let xVals = /* @__PURE__ */ new Set();
  for (let ti = 0; ti < tables.length; ti++) {
    let t = tables[ti];
    let xs = t[0];
    let len = xs.length;
    for (let i = 0; i < len; i++)
      xVals.add(xs[i]);
  }
  let data = [Array.from(xVals).sort((a, b) => a - b)];
  let alignedLen = data[0].length;
  let xIdxs = /* @__PURE__ */ new Map();
  for (let i = 0; i < alignedLen; i++)
    xIdxs.set(data[0][i], i);
  for (let ti = 0; ti < tables.length; ti++) {
    let t = tables[ti];
    let xs = t[0];
    for (let si = 1; si < t.length; si++) {
      let ys = t[si];
      let yVals = Array(alignedLen).fill(void 0);
      let nullMode = nullModes ? nullModes[ti][si] : NULL_RETAIN;
      let nullIdxs = [];
      for (let i = 0; i < ys.length; i++) {
        let yVal = ys[i];
        let alignedIdx = xIdxs.get(xs[i]);
        if (yVal === null) {
          if (nullMode != NULL_REMOVE) {
            yVals[alignedIdx] = yVal;
            if (nullMode == NULL_EXPAND)
              nullIdxs.push(alignedIdx);
          }
        } else
          yVals[alignedIdx] = yVal;
      }
      nullExpand(yVals, nullIdxs, alignedLen);
      data.push(yVals);
    }
  }
  return data;
}
var microTask = typeof queueMicrotask == "undefined" ? (fn) => Promise.resolve().then(fn) : queueMicrotask;
function sortCols(table) {
  let head = table[0];
  let rlen = head.length;
  let idxs = Array(rlen);
  for (let i = 0; i < idxs.length; i++)
    idxs[i] = i;
  idxs.sort((i0, i1) => head[i0] - head[i1]);
  let table2 = [];
  for (let i = 0; i < table.length; i++) {
    let row = table[i];
    let row2 = Array(rlen);
    for (let j = 0; j < rlen; j++)
      row2[j] = row[idxs[j]];
    table2.push(row2);
  }
  return table2;
}
function allHeadersSame(tables) {
  let vals0 = tables[0][0];
  let len0 = vals0.length;
  for (let i = 1; i < tables.length; i++) {
    let vals1 = tables[i][0];
    if (vals1.length != len0)
      return false;
    if (vals1 != vals0) {
      for (let j = 0; j < len0; j++) {
        if (vals1[j] != vals0[j])
          return false;
      }
    }
  }
  return true;
}
function isAsc(vals, samples = 100) {
  const len = vals.length;
  if (len <= 1)
    return true;
  let firstIdx = 0;
  let lastIdx = len - 1;
  while (firstIdx <= lastIdx && vals[firstIdx] == null)
    firstIdx++;
  while (lastIdx >= firstIdx && vals[lastIdx] == null)
    lastIdx--;
  if (lastIdx <= firstIdx)
    return true;
  const stride = max(1, floor((lastIdx - firstIdx + 1) / samples));
  for (let prevVal = vals[firstIdx], i = firstIdx + stride; i <= lastIdx; i += stride) {
    const v = vals[i];
    if (v != null) {
      if (v <= prevVal)
        return false;
      prevVal = v;
    }
  }
  return true;
}
var months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
];
var days = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday"
];
function slice3(str) {
  return str.slice(0, 3);
}
var days3 = days.map(slice3);
var months3 = months.map(slice3);
var engNames = {
  MMMM: months,
  MMM: months3,
  WWWW: days,
  WWW: days3
};
function zeroPad2(int) {
  return (int < 10 ? "0" : "") + int;
}
function zeroPad3(int) {
  return (int < 10 ? "00" : int < 100 ? "0" : "") + int;
}
var subs = {
  // 2019
  YYYY: (d) => d.getFullYear(),
  // 19
  YY: (d) => (d.getFullYear() + "").slice(2),
  // July
  MMMM: (d, names) => names.MMMM[d.getMonth()],
  // Jul
  MMM: (d, names) => names.MMM[d.getMonth()],
  // 07
  MM: (d) => zeroPad2(d.getMonth() + 1),
  // 7
  M: (d) => d.getMonth() + 1,
  // 09
  DD: (d) => zeroPad2(d.getDate()),
  // 9
  D: (d) => d.getDate(),
  // Monday
  WWWW: (d, names) => names.WWWW[d.getDay()],
  // Mon
  WWW: (d, names) => names.WWW[d.getDay()],
  // 03
  HH: (d) => zeroPad2(d.getHours()),
  // 3
  H: (d) => d.getHours(),
  // 9 (12hr, unpadded)
  h: (d) => {
    let h = d.getHours();
    return h == 0 ? 12 : h > 12 ? h - 12 : h;
  },
  // AM
  AA: (d) => d.getHours() >= 12 ? "PM" : "AM",
  // am
  aa: (d) => d.getHours() >= 12 ? "pm" : "am",
  // a
  a: (d) => d.getHours() >= 12 ? "p" : "a",
  // 09
  mm: (d) => zeroPad2(d.getMinutes()),
  // 9
  m: (d) => d.getMinutes(),
  // 09
  ss: (d) => zeroPad2(d.getSeconds()),
  // 9
  s: (d) => d.getSeconds(),
  // 374
  fff: (d) => zeroPad3(d.getMilliseconds())
};
function fmtDate(tpl, names) {
  names = names || engNames;
  let parts = [];
  let R = /\{([a-z]+)\}|[^{]+/gi, m;
  while (m = R.exec(tpl))
    parts.push(m[0][0] == "{" ? subs[m[1]] : m[0]);
  return (d) => {
    let out = "";
    for (let i = 0; i < parts.length; i++)
      out += typeof parts[i] == "string" ? parts[i] : parts[i](d, names);
    return out;
  };
}
var localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;
function tzDate(date, tz) {
  let date2;
  if (tz == "UTC" || tz == "Etc/UTC")
    date2 = new Date(+date + date.getTimezoneOffset() * 6e4);
  else if (tz == localTz)
    date2 = date;
  else {
    date2 = new Date(date.toLocaleString("en-US", { timeZone: tz }));
    date2.setMilliseconds(date.getMilliseconds());
  }
  return date2;
}
var onlyWhole = (v) => v % 1 == 0;
var allMults = [1, 2, 2.5, 5];
var decIncrs = genIncrs(10, -32, 0, allMults);
var oneIncrs = genIncrs(10, 0, 32, allMults);
var wholeIncrs = oneIncrs.filter(onlyWhole);
var numIncrs = decIncrs.concat(oneIncrs);
var NL = "\n";
var yyyy = "{YYYY}";
var NLyyyy = NL + yyyy;
var md = "{M}/{D}";
var NLmd = NL + md;
var NLmdyy = NLmd + "/{YY}";
var aa = "{aa}";
var hmm = "{h}:{mm}";
var hmmaa = hmm + aa;
var NLhmmaa = NL + hmmaa;
var ss = ":{ss}";
var _ = null;
function genTimeStuffs(ms) {
  let s = ms * 1e3, m = s * 60, h = m * 60, d = h * 24, mo = d * 30, y = d * 365;
  let subSecIncrs = ms == 1 ? genIncrs(10, 0, 3, allMults).filter(onlyWhole) : genIncrs(10, -3, 0, allMults);
  let timeIncrs = subSecIncrs.concat([
    // minute divisors (# of secs)
    s,
    s * 5,
    s * 10,
    s * 15,
    s * 30,
    // hour divisors (# of mins)
    m,
    m * 5,
    m * 10,
    m * 15,
    m * 30,
    // day divisors (# of hrs)
    h,
    h * 2,
    h * 3,
    h * 4,
    h * 6,
    h * 8,
    h * 12,
    // month divisors TODO: need more?
    d,
    d * 2,
    d * 3,
    d * 4,
    d * 5,
    d * 6,
    d * 7,
    d * 8,
    d * 9,
    d * 10,
    d * 15,
    // year divisors (# months, approx)
    mo,
    mo * 2,
    mo * 3,
    mo * 4,
    mo * 6,
    // century divisors
    y,
    y * 2,
    y * 5,
    y * 10,
    y * 25,
    y * 50,
    y * 100
  ]);
  const _timeAxisStamps = [
    //   tick incr    default          year                    month   day                   hour    min       sec   mode
    [y, yyyy, _, _, _, _, _, _, 1],
    [d * 28, "{MMM}", NLyyyy, _, _, _, _, _, 1],
    [d, md, NLyyyy, _, _, _, _, _, 1],
    [h, "{h}" + aa, NLmdyy, _, NLmd, _, _, _, 1],
    [m, hmmaa, NLmdyy, _, NLmd, _, _, _, 1],
    [s, ss, NLmdyy + " " + hmmaa, _, NLmd + " " + hmmaa, _, NLhmmaa, _, 1],
    [ms, ss + ".{fff}", NLmdyy + " " + hmmaa, _, NLmd + " " + hmmaa, _, NLhmmaa, _, 1]
  ];
  function timeAxisSplits(tzDate2) {
    return (self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace) => {
      let splits = [];
      let isYr = foundIncr >= y;
      let isMo = foundIncr >= mo && foundIncr < y;
      let minDate = tzDate2(scaleMin);
      let minDateTs = roundDec(minDate * ms, 3);
      let minMin = mkDate(minDate.getFullYear(), isYr ? 0 : minDate.getMonth(), isMo || isYr ? 1 : minDate.getDate());
      let minMinTs = roundDec(minMin * ms, 3);
      if (isMo || isYr) {
        let moIncr = isMo ? foundIncr / mo : 0;
        let yrIncr = isYr ? foundIncr / y : 0;
        let split = minDateTs == minMinTs ? minDateTs : roundDec(mkDate(minMin.getFullYear() + yrIncr, minMin.getMonth() + moIncr, 1) * ms, 3);
        let splitDate = new Date(round(split / ms));
        let baseYear = splitDate.getFullYear();
        let baseMonth = splitDate.getMonth();
        for (let i = 0; split <= scaleMax; i++) {
          let next = mkDate(baseYear + yrIncr * i, baseMonth + moIncr * i, 1);
          let offs = next - tzDate2(roundDec(next * ms, 3));
          split = roundDec((+next + offs) * ms, 3);
          if (split <= scaleMax)
            splits.push(split);
        }
      } else {
        let incr0 = foundIncr >= d ? d : foundIncr;
        let tzOffset = floor(scaleMin) - floor(minDateTs);
        let split = minMinTs + tzOffset + incrRoundUp(minDateTs - minMinTs, incr0);
        splits.push(split);
        let date0 = tzDate2(split);
        let prevHour = date0.getHours() + date0.getMinutes() / m + date0.getSeconds() / h;
        let incrHours = foundIncr / h;
        let minSpace = self.axes[axisIdx]._space;
        let pctSpace = foundSpace / minSpace;
        while (1) {
          split = roundDec(split + foundIncr, ms == 1 ? 0 : 3);
          if (split > scaleMax)
            break;
          if (incrHours > 1) {
            let expectedHour = floor(roundDec(prevHour + incrHours, 6)) % 24;
            let splitDate = tzDate2(split);
            let actualHour = splitDate.getHours();
            let dstShift = actualHour - expectedHour;
            if (dstShift > 1)
              dstShift = -1;
            split -= dstShift * h;
            prevHour = (prevHour + incrHours) % 24;
            let prevSplit = splits[splits.length - 1];
            let pctIncr = roundDec((split - prevSplit) / foundIncr, 3);
            if (pctIncr * pctSpace >= 0.7)
              splits.push(split);
          } else
            splits.push(split);
        }
      }
      return splits;
    };
  }
  return [
    timeIncrs,
    _timeAxisStamps,
    timeAxisSplits
  ];
}
var [timeIncrsMs, _timeAxisStampsMs, timeAxisSplitsMs] = genTimeStuffs(1);
var [timeIncrsS, _timeAxisStampsS, timeAxisSplitsS] = genTimeStuffs(1e-3);
genIncrs(2, -53, 53, [1]);
function timeAxisStamps(stampCfg, fmtDate2) {
  return stampCfg.map((s) => s.map(
    (v, i) => i == 0 || i == 8 || v == null ? v : fmtDate2(i == 1 || s[8] == 0 ? v : s[1] + v)
  ));
}
function timeAxisVals(tzDate2, stamps) {
  return (self, splits, axisIdx, foundSpace, foundIncr) => {
    let s = stamps.find((s2) => foundIncr >= s2[0]) || stamps[stamps.length - 1];
    let prevYear;
    let prevMnth;
    let prevDate;
    let prevHour;
    let prevMins;
    let prevSecs;
    return splits.map((split) => {
      let date = tzDate2(split);
      let newYear = date.getFullYear();
      let newMnth = date.getMonth();
      let newDate = date.getDate();
      let newHour = date.getHours();
      let newMins = date.getMinutes();
      let newSecs = date.getSeconds();
      let stamp = newYear != prevYear && s[2] || newMnth != prevMnth && s[3] || newDate != prevDate && s[4] || newHour != prevHour && s[5] || newMins != prevMins && s[6] || newSecs != prevSecs && s[7] || s[1];
      prevYear = newYear;
      prevMnth = newMnth;
      prevDate = newDate;
      prevHour = newHour;
      prevMins = newMins;
      prevSecs = newSecs;
      return stamp(date);
    });
  };
}
function timeAxisVal(tzDate2, dateTpl) {
  let stamp = fmtDate(dateTpl);
  return (self, splits, axisIdx, foundSpace, foundIncr) => splits.map((split) => stamp(tzDate2(split)));
}
function mkDate(y, m, d) {
  return new Date(y, m, d);
}
function timeSeriesStamp(stampCfg, fmtDate2) {
  return fmtDate2(stampCfg);
}
var _timeSeriesStamp = "{YYYY}-{MM}-{DD} {h}:{mm}{aa}";
function timeSeriesVal(tzDate2, stamp) {
  return (self, val, seriesIdx, dataIdx) => dataIdx == null ? LEGEND_DISP : stamp(tzDate2(val));
}
function legendStroke(self, seriesIdx) {
  let s = self.series[seriesIdx];
  return s.width ? s.stroke(self, seriesIdx) : s.points.width ? s.points.stroke(self, seriesIdx) : null;
}
function legendFill(self, seriesIdx) {
  return self.series[seriesIdx].fill(self, seriesIdx);
}
var legendOpts = {
  show: true,
  live: true,
  isolate: false,
  mount: noop,
  markers: {
    show: true,
    width: 2,
    stroke: legendStroke,
    fill: legendFill,
    dash: "solid"
  },
  idx: null,
  idxs: null,
  values: []
};
function cursorPointShow(self, si) {
  let o = self.cursor.points;
  let pt = placeDiv();
  let size2 = o.size(self, si);
  setStylePx(pt, WIDTH, size2);
  setStylePx(pt, HEIGHT, size2);
  let mar = size2 / -2;
  setStylePx(pt, "marginLeft", mar);
  setStylePx(pt, "marginTop", mar);
  let width = o.width(self, si, size2);
  width && setStylePx(pt, "borderWidth", width);
  return pt;
}
function cursorPointFill(self, si) {
  let sp = self.series[si].points;
  return sp._fill || sp._stroke;
}
function cursorPointStroke(self, si) {
  let sp = self.series[si].points;
  return sp._stroke || sp._fill;
}
function cursorPointSize(self, si) {
  let sp = self.series[si].points;
  return sp.size;
}
var moveTuple = [0, 0];
function cursorMove(self, mouseLeft1, mouseTop1) {
  moveTuple[0] = mouseLeft1;
  moveTuple[1] = mouseTop1;
  return moveTuple;
}
function filtBtn0(self, targ, handle, onlyTarg = true) {
  return (e) => {
    e.button == 0 && (!onlyTarg || e.target == targ) && handle(e);
  };
}
function filtTarg(self, targ, handle, onlyTarg = true) {
  return (e) => {
    (!onlyTarg || e.target == targ) && handle(e);
  };
}
var cursorOpts = {
  show: true,
  x: true,
  y: true,
  lock: false,
  move: cursorMove,
  points: {
    one: false,
    show: cursorPointShow,
    size: cursorPointSize,
    width: 0,
    stroke: cursorPointStroke,
    fill: cursorPointFill
  },
  bind: {
    mousedown: filtBtn0,
    mouseup: filtBtn0,
    click: filtBtn0,
    // legend clicks, not .u-over clicks
    dblclick: filtBtn0,
    mousemove: filtTarg,
    mouseleave: filtTarg,
    mouseenter: filtTarg
  },
  drag: {
    setScale: true,
    x: true,
    y: false,
    dist: 0,
    uni: null,
    click: (self, e) => {
      e.stopPropagation();
      e.stopImmediatePropagation();
    },
    _x: false,
    _y: false
  },
  focus: {
    dist: (self, seriesIdx, dataIdx, valPos, curPos) => valPos - curPos,
    prox: -1,
    bias: 0
  },
  hover: {
    skip: [void 0],
    prox: null,
    bias: 0
  },
  left: -10,
  top: -10,
  idx: null,
  dataIdx: null,
  idxs: null,
  event: null
};
var axisLines = {
  show: true,
  stroke: "rgba(0,0,0,0.07)",
  width: 2
  //	dash: [],
};
var grid = assign({}, axisLines, {
  filter: retArg1
});
var ticks = assign({}, grid, {
  size: 10
});
var border = assign({}, axisLines, {
  show: false
});
var font = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"';
var labelFont = "bold " + font;
var lineGap = 1.5;
var xAxisOpts = {
  show: true,
  scale: "x",
  stroke: hexBlack,
  space: 50,
  gap: 5,
  alignTo: 1,
  size: 50,
  labelGap: 0,
  labelSize: 30,
  labelFont,
  side: 2,
  //	class: "x-vals",
  //	incrs: timeIncrs,
  //	values: timeVals,
  //	filter: retArg1,
  grid,
  ticks,
  border,
  font,
  lineGap,
  rotate: 0
};
var numSeriesLabel = "Value";
var timeSeriesLabel = "Time";
var xSeriesOpts = {
  show: true,
  scale: "x",
  auto: false,
  sorted: 1,
  //	label: "Time",
  //	value: v => stamp(new Date(v * 1e3)),
  // internal caches
  min: inf,
  max: -inf,
  idxs: []
};
function numAxisVals(self, splits, axisIdx, foundSpace, foundIncr) {
  return splits.map((v) => v == null ? "" : fmtNum(v));
}
function numAxisSplits(self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace, forceMin) {
  let splits = [];
  let numDec = fixedDec.get(foundIncr) || 0;
  scaleMin = forceMin ? scaleMin : roundDec(incrRoundUp(scaleMin, foundIncr), numDec);
  for (let val = scaleMin; val <= scaleMax; val = roundDec(val + foundIncr, numDec))
    splits.push(Object.is(val, -0) ? 0 : val);
  return splits;
}
function logAxisSplits(self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace, forceMin) {
  const splits = [];
  const logBase = self.scales[self.axes[axisIdx].scale].log;
  const logFn = logBase == 10 ? log10 : log2;
  const exp = floor(logFn(scaleMin));
  foundIncr = pow(logBase, exp);
  if (logBase == 10)
    foundIncr = numIncrs[closestIdx(foundIncr, numIncrs)];
  let split = scaleMin;
  let nextMagIncr = foundIncr * logBase;
  if (logBase == 10)
    nextMagIncr = numIncrs[closestIdx(nextMagIncr, numIncrs)];
  do {
    splits.push(split);
    split = split + foundIncr;
    if (logBase == 10 && !fixedDec.has(split))
      split = roundDec(split, fixedDec.get(foundIncr));
    if (split >= nextMagIncr) {
      foundIncr = split;
      nextMagIncr = foundIncr * logBase;
      if (logBase == 10)
        nextMagIncr = numIncrs[closestIdx(nextMagIncr, numIncrs)];
    }
  } while (split <= scaleMax);
  return splits;
}
function asinhAxisSplits(self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace, forceMin) {
  let sc = self.scales[self.axes[axisIdx].scale];
  let linthresh = sc.asinh;
  let posSplits = scaleMax > linthresh ? logAxisSplits(self, axisIdx, max(linthresh, scaleMin), scaleMax, foundIncr) : [linthresh];
  let zero = scaleMax >= 0 && scaleMin <= 0 ? [0] : [];
  let negSplits = scaleMin < -linthresh ? logAxisSplits(self, axisIdx, max(linthresh, -scaleMax), -scaleMin, foundIncr) : [linthresh];
  return negSplits.reverse().map((v) => -v).concat(zero, posSplits);
}
var RE_ALL = /./;
var RE_12357 = /[12357]/;
var RE_125 = /[125]/;
var RE_1 = /1/;
var _filt = (splits, distr, re, keepMod) => splits.map((v, i) => distr == 4 && v == 0 || i % keepMod == 0 && re.test(v.toExponential()[v < 0 ? 1 : 0]) ? v : null);
function log10AxisValsFilt(self, splits, axisIdx, foundSpace, foundIncr) {
  let axis = self.axes[axisIdx];
  let scaleKey = axis.scale;
  let sc = self.scales[scaleKey];
  let valToPos = self.valToPos;
  let minSpace = axis._space;
  let _10 = valToPos(10, scaleKey);
  let re = valToPos(9, scaleKey) - _10 >= minSpace ? RE_ALL : valToPos(7, scaleKey) - _10 >= minSpace ? RE_12357 : valToPos(5, scaleKey) - _10 >= minSpace ? RE_125 : RE_1;
  if (re == RE_1) {
    let magSpace = abs(valToPos(1, scaleKey) - _10);
    if (magSpace < minSpace)
      return _filt(splits.slice().reverse(), sc.distr, re, ceil(minSpace / magSpace)).reverse();
  }
  return _filt(splits, sc.distr, re, 1);
}
function log2AxisValsFilt(self, splits, axisIdx, foundSpace, foundIncr) {
  let axis = self.axes[axisIdx];
  let scaleKey = axis.scale;
  let minSpace = axis._space;
  let valToPos = self.valToPos;
  let magSpace = abs(valToPos(1, scaleKey) - valToPos(2, scaleKey));
  if (magSpace < minSpace)
    return _filt(splits.slice().reverse(), 3, RE_ALL, ceil(minSpace / magSpace)).reverse();
  return splits;
}
function numSeriesVal(self, val, seriesIdx, dataIdx) {
  return dataIdx == null ? LEGEND_DISP : val == null ? "" : fmtNum(val);
}
var yAxisOpts = {
  show: true,
  scale: "y",
  stroke: hexBlack,
  space: 30,
  gap: 5,
  alignTo: 1,
  size: 50,
  labelGap: 0,
  labelSize: 30,
  labelFont,
  side: 3,
  //	class: "y-vals",
  //	incrs: numIncrs,
  //	values: (vals, space) => vals,
  //	filter: retArg1,
  grid,
  ticks,
  border,
  font,
  lineGap,
  rotate: 0
};
function ptDia(width, mult) {
  let dia = 3 + (width || 1) * 2;
  return roundDec(dia * mult, 3);
}
function seriesPointsShow(self, si) {
  let { scale, idxs } = self.series[0];
  let xData = self._data[0];
  let p0 = self.valToPos(xData[idxs[0]], scale, true);
  let p1 = self.valToPos(xData[idxs[1]], scale, true);
  let dim = abs(p1 - p0);
  let s = self.series[si];
  let maxPts = dim / (s.points.space * pxRatio);
  return idxs[1] - idxs[0] <= maxPts;
}
var facet = {
  scale: null,
  auto: true,
  sorted: 0,
  // internal caches
  min: inf,
  max: -inf
};
var gaps = (self, seriesIdx, idx0, idx1, nullGaps) => nullGaps;
var xySeriesOpts = {
  show: true,
  auto: true,
  sorted: 0,
  gaps,
  alpha: 1,
  facets: [
    assign({}, facet, { scale: "x" }),
    assign({}, facet, { scale: "y" })
  ]
};
var ySeriesOpts = {
  scale: "y",
  auto: true,
  sorted: 0,
  show: true,
  spanGaps: false,
  gaps,
  alpha: 1,
  points: {
    show: seriesPointsShow,
    filter: null
    //  paths:
    //	stroke: "#000",
    //	fill: "#fff",
    //	width: 1,
    //	size: 10,
  },
  //	label: "Value",
  //	value: v => v,
  values: null,
  // internal caches
  min: inf,
  max: -inf,
  idxs: [],
  path: null,
  clip: null
};
function clampScale(self, val, scaleMin, scaleMax, scaleKey) {
  return scaleMin / 10;
}
var xScaleOpts = {
  time: FEAT_TIME,
  auto: true,
  distr: 1,
  log: 10,
  asinh: 1,
  min: null,
  max: null,
  dir: 1,
  ori: 0
};
var yScaleOpts = assign({}, xScaleOpts, {
  time: false,
  ori: 1
});
var syncs = {};
function _sync(key, opts) {
  let s = syncs[key];
  if (!s) {
    s = {
      key,
      plots: [],
      sub(plot) {
        s.plots.push(plot);
      },
      unsub(plot) {
        s.plots = s.plots.filter((c) => c != plot);
      },
      pub(type, self, x, y, w, h, i) {
        for (let j = 0; j < s.plots.length; j++)
          s.plots[j] != self && s.plots[j].pub(type, self, x, y, w, h, i);
      }
    };
    if (key != null)
      syncs[key] = s;
  }
  return s;
}
var BAND_CLIP_FILL = 1 << 0;
var BAND_CLIP_STROKE = 1 << 1;
function orient(u, seriesIdx, cb) {
  const mode = u.mode;
  const series = u.series[seriesIdx];
  const data = mode == 2 ? u._data[seriesIdx] : u._data;
  const scales = u.scales;
  const bbox = u.bbox;
  let dx = data[0], dy = mode == 2 ? data[1] : data[seriesIdx], sx = mode == 2 ? scales[series.facets[0].scale] : scales[u.series[0].scale], sy = mode == 2 ? scales[series.facets[1].scale] : scales[series.scale], l = bbox.left, t = bbox.top, w = bbox.width, h = bbox.height, H = u.valToPosH, V = u.valToPosV;
  return sx.ori == 0 ? cb(
    series,
    dx,
    dy,
    sx,
    sy,
    H,
    V,
    l,
    t,
    w,
    h,
    moveToH,
    lineToH,
    rectH,
    arcH,
    bezierCurveToH
  ) : cb(
    series,
    dx,
    dy,
    sx,
    sy,
    V,
    H,
    t,
    l,
    h,
    w,
    moveToV,
    lineToV,
    rectV,
    arcV,
    bezierCurveToV
  );
}
function bandFillClipDirs(self, seriesIdx) {
  let fillDir = 0;
  let clipDirs = 0;
  let bands = ifNull(self.bands, EMPTY_ARR);
  for (let i = 0; i < bands.length; i++) {
    let b = bands[i];
    if (b.series[0] == seriesIdx)
      fillDir = b.dir;
    else if (b.series[1] == seriesIdx) {
      if (b.dir == 1)
        clipDirs |= 1;
      else
        clipDirs |= 2;
    }
  }
  return [
    fillDir,
    clipDirs == 1 ? -1 : (
      // neg only
      clipDirs == 2 ? 1 : (
        // pos only
        clipDirs == 3 ? 2 : (
          // both
          0
        )
      )
    )
  ];
}
function seriesFillTo(self, seriesIdx, dataMin, dataMax, bandFillDir) {
  let mode = self.mode;
  let series = self.series[seriesIdx];
  let scaleKey = mode == 2 ? series.facets[1].scale : series.scale;
  let scale = self.scales[scaleKey];
  return bandFillDir == -1 ? scale.min : bandFillDir == 1 ? scale.max : scale.distr == 3 ? scale.dir == 1 ? scale.min : scale.max : 0;
}
function clipBandLine(self, seriesIdx, idx0, idx1, strokePath, clipDir) {
  return orient(self, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
    let pxRound = series.pxRound;
    const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
    const lineTo = scaleX.ori == 0 ? lineToH : lineToV;
    let frIdx, toIdx;
    if (dir == 1) {
      frIdx = idx0;
      toIdx = idx1;
    } else {
      frIdx = idx1;
      toIdx = idx0;
    }
    let x0 = pxRound(valToPosX(dataX[frIdx], scaleX, xDim, xOff));
    let y0 = pxRound(valToPosY(dataY[frIdx], scaleY, yDim, yOff));
    let x1 = pxRound(valToPosX(dataX[toIdx], scaleX, xDim, xOff));
    let yLimit = pxRound(valToPosY(clipDir == 1 ? scaleY.max : scaleY.min, scaleY, yDim, yOff));
    let clip = new Path2D(strokePath);
    lineTo(clip, x1, yLimit);
    lineTo(clip, x0, yLimit);
    lineTo(clip, x0, y0);
    return clip;
  });
}
function clipGaps(gaps2, ori, plotLft, plotTop, plotWid, plotHgt) {
  let clip = null;
  if (gaps2.length > 0) {
    clip = new Path2D();
    const rect2 = ori == 0 ? rectH : rectV;
    let prevGapEnd = plotLft;
    for (let i = 0; i < gaps2.length; i++) {
      let g = gaps2[i];
      if (g[1] > g[0]) {
        let w2 = g[0] - prevGapEnd;
        w2 > 0 && rect2(clip, prevGapEnd, plotTop, w2, plotTop + plotHgt);
        prevGapEnd = g[1];
      }
    }
    let w = plotLft + plotWid - prevGapEnd;
    let maxStrokeWidth = 10;
    w > 0 && rect2(clip, prevGapEnd, plotTop - maxStrokeWidth / 2, w, plotTop + plotHgt + maxStrokeWidth);
  }
  return clip;
}
function addGap(gaps2, fromX, toX) {
  let prevGap = gaps2[gaps2.length - 1];
  if (prevGap && prevGap[0] == fromX)
    prevGap[1] = toX;
  else
    gaps2.push([fromX, toX]);
}
function findGaps(xs, ys, idx0, idx1, dir, pixelForX, align) {
  let gaps2 = [];
  let len = xs.length;
  for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
    let yVal = ys[i];
    if (yVal === null) {
      let fr = i, to = i;
      if (dir == 1) {
        while (++i <= idx1 && ys[i] === null)
          to = i;
      } else {
        while (--i >= idx0 && ys[i] === null)
          to = i;
      }
      let frPx = pixelForX(xs[fr]);
      let toPx = to == fr ? frPx : pixelForX(xs[to]);
      let fri2 = fr - dir;
      let frPx2 = align <= 0 && fri2 >= 0 && fri2 < len ? pixelForX(xs[fri2]) : frPx;
      frPx = frPx2;
      let toi2 = to + dir;
      let toPx2 = align >= 0 && toi2 >= 0 && toi2 < len ? pixelForX(xs[toi2]) : toPx;
      toPx = toPx2;
      if (toPx >= frPx)
        gaps2.push([frPx, toPx]);
    }
  }
  return gaps2;
}
function pxRoundGen(pxAlign) {
  return pxAlign == 0 ? retArg0 : pxAlign == 1 ? round : (v) => incrRound(v, pxAlign);
}
function rect(ori) {
  let moveTo = ori == 0 ? moveToH : moveToV;
  let arcTo = ori == 0 ? (p, x1, y1, x2, y2, r) => {
    p.arcTo(x1, y1, x2, y2, r);
  } : (p, y1, x1, y2, x2, r) => {
    p.arcTo(x1, y1, x2, y2, r);
  };
  let rect2 = ori == 0 ? (p, x, y, w, h) => {
    p.rect(x, y, w, h);
  } : (p, y, x, h, w) => {
    p.rect(x, y, w, h);
  };
  return (p, x, y, w, h, endRad = 0, baseRad = 0) => {
    if (endRad == 0 && baseRad == 0)
      rect2(p, x, y, w, h);
    else {
      endRad = min(endRad, w / 2, h / 2);
      baseRad = min(baseRad, w / 2, h / 2);
      moveTo(p, x + endRad, y);
      arcTo(p, x + w, y, x + w, y + h, endRad);
      arcTo(p, x + w, y + h, x, y + h, baseRad);
      arcTo(p, x, y + h, x, y, baseRad);
      arcTo(p, x, y, x + w, y, endRad);
      p.closePath();
    }
  };
}
var moveToH = (p, x, y) => {
  p.moveTo(x, y);
};
var moveToV = (p, y, x) => {
  p.moveTo(x, y);
};
var lineToH = (p, x, y) => {
  p.lineTo(x, y);
};
var lineToV = (p, y, x) => {
  p.lineTo(x, y);
};
var rectH = rect(0);
var rectV = rect(1);
var arcH = (p, x, y, r, startAngle, endAngle) => {
  p.arc(x, y, r, startAngle, endAngle);
};
var arcV = (p, y, x, r, startAngle, endAngle) => {
  p.arc(x, y, r, startAngle, endAngle);
};
var bezierCurveToH = (p, bp1x, bp1y, bp2x, bp2y, p2x, p2y) => {
  p.bezierCurveTo(bp1x, bp1y, bp2x, bp2y, p2x, p2y);
};
var bezierCurveToV = (p, bp1y, bp1x, bp2y, bp2x, p2y, p2x) => {
  p.bezierCurveTo(bp1x, bp1y, bp2x, bp2y, p2x, p2y);
};
function points(opts) {
  return (u, seriesIdx, idx0, idx1, filtIdxs) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      let { pxRound, points: points2 } = series;
      let moveTo, arc;
      if (scaleX.ori == 0) {
        moveTo = moveToH;
        arc = arcH;
      } else {
        moveTo = moveToV;
        arc = arcV;
      }
      const width = roundDec(points2.width * pxRatio, 3);
      let rad = (points2.size - points2.width) / 2 * pxRatio;
      let dia = roundDec(rad * 2, 3);
      let fill = new Path2D();
      let clip = new Path2D();
      let { left: lft, top, width: wid, height: hgt } = u.bbox;
      rectH(
        clip,
        lft - dia,
        top - dia,
        wid + dia * 2,
        hgt + dia * 2
      );
      const drawPoint = (pi) => {
        if (dataY[pi] != null) {
          let x = pxRound(valToPosX(dataX[pi], scaleX, xDim, xOff));
          let y = pxRound(valToPosY(dataY[pi], scaleY, yDim, yOff));
          moveTo(fill, x + rad, y);
          arc(fill, x, y, rad, 0, PI * 2);
        }
      };
      if (filtIdxs)
        filtIdxs.forEach(drawPoint);
      else {
        for (let pi = idx0; pi <= idx1; pi++)
          drawPoint(pi);
      }
      return {
        stroke: width > 0 ? fill : null,
        fill,
        clip,
        flags: BAND_CLIP_FILL | BAND_CLIP_STROKE
      };
    });
  };
}
function _drawAcc(lineTo) {
  return (stroke, accX, minY, maxY, inY, outY) => {
    if (minY != maxY) {
      if (inY != minY && outY != minY)
        lineTo(stroke, accX, minY);
      if (inY != maxY && outY != maxY)
        lineTo(stroke, accX, maxY);
      lineTo(stroke, accX, outY);
    }
  };
}
var drawAccH = _drawAcc(lineToH);
var drawAccV = _drawAcc(lineToV);
function linear(opts) {
  const alignGaps = ifNull(opts?.alignGaps, 0);
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      [idx0, idx1] = nonNullIdxs(dataY, idx0, idx1);
      let pxRound = series.pxRound;
      let pixelForX = (val) => pxRound(valToPosX(val, scaleX, xDim, xOff));
      let pixelForY = (val) => pxRound(valToPosY(val, scaleY, yDim, yOff));
      let lineTo, drawAcc;
      if (scaleX.ori == 0) {
        lineTo = lineToH;
        drawAcc = drawAccH;
      } else {
        lineTo = lineToV;
        drawAcc = drawAccV;
      }
      const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      const _paths = { stroke: new Path2D(), fill: null, clip: null, band: null, gaps: null, flags: BAND_CLIP_FILL };
      const stroke = _paths.stroke;
      let hasGap = false;
      const decimate = idx1 - idx0 >= xDim * 4;
      if (decimate) {
        let xForPixel = (pos) => u.posToVal(pos, scaleX.key, true);
        let minY = null, maxY = null, inY, outY, drawnAtX;
        let accX = pixelForX(dataX[dir == 1 ? idx0 : idx1]);
        let idx0px = pixelForX(dataX[idx0]);
        let idx1px = pixelForX(dataX[idx1]);
        let nextAccXVal = xForPixel(dir == 1 ? idx0px + 1 : idx1px - 1);
        for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
          let xVal = dataX[i];
          let reuseAccX = dir == 1 ? xVal < nextAccXVal : xVal > nextAccXVal;
          let x = reuseAccX ? accX : pixelForX(xVal);
          let yVal = dataY[i];
          if (x == accX) {
            if (yVal != null) {
              outY = yVal;
              if (minY == null) {
                lineTo(stroke, x, pixelForY(outY));
                inY = minY = maxY = outY;
              } else {
                if (outY < minY)
                  minY = outY;
                else if (outY > maxY)
                  maxY = outY;
              }
            } else {
              if (yVal === null)
                hasGap = true;
            }
          } else {
            if (minY != null)
              drawAcc(stroke, accX, pixelForY(minY), pixelForY(maxY), pixelForY(inY), pixelForY(outY));
            if (yVal != null) {
              outY = yVal;
              lineTo(stroke, x, pixelForY(outY));
              minY = maxY = inY = outY;
            } else {
              minY = maxY = null;
              if (yVal === null)
                hasGap = true;
            }
            accX = x;
            nextAccXVal = xForPixel(accX + dir);
          }
        }
        if (minY != null && minY != maxY && drawnAtX != accX)
          drawAcc(stroke, accX, pixelForY(minY), pixelForY(maxY), pixelForY(inY), pixelForY(outY));
      } else {
        for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
          let yVal = dataY[i];
          if (yVal === null)
            hasGap = true;
          else if (yVal != null)
            lineTo(stroke, pixelForX(dataX[i]), pixelForY(yVal));
        }
      }
      let [bandFillDir, bandClipDir] = bandFillClipDirs(u, seriesIdx);
      if (series.fill != null || bandFillDir != 0) {
        let fill = _paths.fill = new Path2D(stroke);
        let fillToVal = series.fillTo(u, seriesIdx, series.min, series.max, bandFillDir);
        let fillToY = pixelForY(fillToVal);
        let frX = pixelForX(dataX[idx0]);
        let toX = pixelForX(dataX[idx1]);
        if (dir == -1)
          [toX, frX] = [frX, toX];
        lineTo(fill, toX, fillToY);
        lineTo(fill, frX, fillToY);
      }
      if (!series.spanGaps) {
        let gaps2 = [];
        hasGap && gaps2.push(...findGaps(dataX, dataY, idx0, idx1, dir, pixelForX, alignGaps));
        _paths.gaps = gaps2 = series.gaps(u, seriesIdx, idx0, idx1, gaps2);
        _paths.clip = clipGaps(gaps2, scaleX.ori, xOff, yOff, xDim, yDim);
      }
      if (bandClipDir != 0) {
        _paths.band = bandClipDir == 2 ? [
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, -1),
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, 1)
        ] : clipBandLine(u, seriesIdx, idx0, idx1, stroke, bandClipDir);
      }
      return _paths;
    });
  };
}
function stepped(opts) {
  const align = ifNull(opts.align, 1);
  const ascDesc = ifNull(opts.ascDesc, false);
  const alignGaps = ifNull(opts.alignGaps, 0);
  const extend = ifNull(opts.extend, false);
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      [idx0, idx1] = nonNullIdxs(dataY, idx0, idx1);
      let pxRound = series.pxRound;
      let { left, width } = u.bbox;
      let pixelForX = (val) => pxRound(valToPosX(val, scaleX, xDim, xOff));
      let pixelForY = (val) => pxRound(valToPosY(val, scaleY, yDim, yOff));
      let lineTo = scaleX.ori == 0 ? lineToH : lineToV;
      const _paths = { stroke: new Path2D(), fill: null, clip: null, band: null, gaps: null, flags: BAND_CLIP_FILL };
      const stroke = _paths.stroke;
      const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      let prevYPos = pixelForY(dataY[dir == 1 ? idx0 : idx1]);
      let firstXPos = pixelForX(dataX[dir == 1 ? idx0 : idx1]);
      let prevXPos = firstXPos;
      let firstXPosExt = firstXPos;
      if (extend && align == -1) {
        firstXPosExt = left;
        lineTo(stroke, firstXPosExt, prevYPos);
      }
      lineTo(stroke, firstXPos, prevYPos);
      for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
        let yVal1 = dataY[i];
        if (yVal1 == null)
          continue;
        let x1 = pixelForX(dataX[i]);
        let y1 = pixelForY(yVal1);
        if (align == 1)
          lineTo(stroke, x1, prevYPos);
        else
          lineTo(stroke, prevXPos, y1);
        lineTo(stroke, x1, y1);
        prevYPos = y1;
        prevXPos = x1;
      }
      let prevXPosExt = prevXPos;
      if (extend && align == 1) {
        prevXPosExt = left + width;
        lineTo(stroke, prevXPosExt, prevYPos);
      }
      let [bandFillDir, bandClipDir] = bandFillClipDirs(u, seriesIdx);
      if (series.fill != null || bandFillDir != 0) {
        let fill = _paths.fill = new Path2D(stroke);
        let fillTo = series.fillTo(u, seriesIdx, series.min, series.max, bandFillDir);
        let fillToY = pixelForY(fillTo);
        lineTo(fill, prevXPosExt, fillToY);
        lineTo(fill, firstXPosExt, fillToY);
      }
      if (!series.spanGaps) {
        let gaps2 = [];
        gaps2.push(...findGaps(dataX, dataY, idx0, idx1, dir, pixelForX, alignGaps));
        let halfStroke = series.width * pxRatio / 2;
        let startsOffset = ascDesc || align == 1 ? halfStroke : -halfStroke;
        let endsOffset = ascDesc || align == -1 ? -halfStroke : halfStroke;
        gaps2.forEach((g) => {
          g[0] += startsOffset;
          g[1] += endsOffset;
        });
        _paths.gaps = gaps2 = series.gaps(u, seriesIdx, idx0, idx1, gaps2);
        _paths.clip = clipGaps(gaps2, scaleX.ori, xOff, yOff, xDim, yDim);
      }
      if (bandClipDir != 0) {
        _paths.band = bandClipDir == 2 ? [
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, -1),
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, 1)
        ] : clipBandLine(u, seriesIdx, idx0, idx1, stroke, bandClipDir);
      }
      return _paths;
    });
  };
}
function findColWidth(dataX, dataY, valToPosX, scaleX, xDim, xOff, colWid = inf) {
  if (dataX.length > 1) {
    let prevIdx = null;
    for (let i = 0, minDelta = Infinity; i < dataX.length; i++) {
      if (dataY[i] !== void 0) {
        if (prevIdx != null) {
          let delta = abs(dataX[i] - dataX[prevIdx]);
          if (delta < minDelta) {
            minDelta = delta;
            colWid = abs(valToPosX(dataX[i], scaleX, xDim, xOff) - valToPosX(dataX[prevIdx], scaleX, xDim, xOff));
          }
        }
        prevIdx = i;
      }
    }
  }
  return colWid;
}
function bars(opts) {
  opts = opts || EMPTY_OBJ;
  const size2 = ifNull(opts.size, [0.6, inf, 1]);
  const align = opts.align || 0;
  const _extraGap = opts.gap || 0;
  let ro = opts.radius;
  ro = // [valueRadius, baselineRadius]
  ro == null ? [0, 0] : typeof ro == "number" ? [ro, 0] : ro;
  const radiusFn = fnOrSelf(ro);
  const gapFactor = 1 - size2[0];
  const _maxWidth = ifNull(size2[1], inf);
  const _minWidth = ifNull(size2[2], 1);
  const disp = ifNull(opts.disp, EMPTY_OBJ);
  const _each = ifNull(opts.each, (_2) => {
  });
  const { fill: dispFills, stroke: dispStrokes } = disp;
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      let pxRound = series.pxRound;
      let _align = align;
      let extraGap = _extraGap * pxRatio;
      let maxWidth = _maxWidth * pxRatio;
      let minWidth = _minWidth * pxRatio;
      let valRadius, baseRadius;
      if (scaleX.ori == 0)
        [valRadius, baseRadius] = radiusFn(u, seriesIdx);
      else
        [baseRadius, valRadius] = radiusFn(u, seriesIdx);
      const _dirX = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      let rect2 = scaleX.ori == 0 ? rectH : rectV;
      let each = scaleX.ori == 0 ? _each : (u2, seriesIdx2, i, top, lft, hgt, wid) => {
        _each(u2, seriesIdx2, i, lft, top, wid, hgt);
      };
      let band = ifNull(u.bands, EMPTY_ARR).find((b) => b.series[0] == seriesIdx);
      let fillDir = band != null ? band.dir : 0;
      let fillTo = series.fillTo(u, seriesIdx, series.min, series.max, fillDir);
      let fillToY = pxRound(valToPosY(fillTo, scaleY, yDim, yOff));
      let xShift, barWid, fullGap, colWid = xDim;
      let strokeWidth = pxRound(series.width * pxRatio);
      let multiPath = false;
      let fillColors = null;
      let fillPaths = null;
      let strokeColors = null;
      let strokePaths = null;
      if (dispFills != null && (strokeWidth == 0 || dispStrokes != null)) {
        multiPath = true;
        fillColors = dispFills.values(u, seriesIdx, idx0, idx1);
        fillPaths = /* @__PURE__ */ new Map();
        new Set(fillColors).forEach((color) => {
          if (color != null)
            fillPaths.set(color, new Path2D());
        });
        if (strokeWidth > 0) {
          strokeColors = dispStrokes.values(u, seriesIdx, idx0, idx1);
          strokePaths = /* @__PURE__ */ new Map();
          new Set(strokeColors).forEach((color) => {
            if (color != null)
              strokePaths.set(color, new Path2D());
          });
        }
      }
      let { x0, size: size3 } = disp;
      if (x0 != null && size3 != null) {
        _align = 1;
        dataX = x0.values(u, seriesIdx, idx0, idx1);
        if (x0.unit == 2)
          dataX = dataX.map((pct) => u.posToVal(xOff + pct * xDim, scaleX.key, true));
        let sizes = size3.values(u, seriesIdx, idx0, idx1);
        if (size3.unit == 2)
          barWid = sizes[0] * xDim;
        else
          barWid = valToPosX(sizes[0], scaleX, xDim, xOff) - valToPosX(0, scaleX, xDim, xOff);
        colWid = findColWidth(dataX, dataY, valToPosX, scaleX, xDim, xOff, colWid);
        let gapWid = colWid - barWid;
        fullGap = gapWid + extraGap;
      } else {
        colWid = findColWidth(dataX, dataY, valToPosX, scaleX, xDim, xOff, colWid);
        let gapWid = colWid * gapFactor;
        fullGap = gapWid + extraGap;
        barWid = colWid - fullGap;
      }
      if (fullGap < 1)
        fullGap = 0;
      if (strokeWidth >= barWid / 2)
        strokeWidth = 0;
      if (fullGap < 5)
        pxRound = retArg0;
      let insetStroke = fullGap > 0;
      let rawBarWid = colWid - fullGap - (insetStroke ? strokeWidth : 0);
      barWid = pxRound(clamp(rawBarWid, minWidth, maxWidth));
      xShift = (_align == 0 ? barWid / 2 : _align == _dirX ? 0 : barWid) - _align * _dirX * ((_align == 0 ? extraGap / 2 : 0) + (insetStroke ? strokeWidth / 2 : 0));
      const _paths = { stroke: null, fill: null, clip: null, band: null, gaps: null, flags: 0 };
      const stroke = multiPath ? null : new Path2D();
      let dataY0 = null;
      if (band != null)
        dataY0 = u.data[band.series[1]];
      else {
        let { y0, y1 } = disp;
        if (y0 != null && y1 != null) {
          dataY = y1.values(u, seriesIdx, idx0, idx1);
          dataY0 = y0.values(u, seriesIdx, idx0, idx1);
        }
      }
      let radVal = valRadius * barWid;
      let radBase = baseRadius * barWid;
      for (let i = _dirX == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += _dirX) {
        let yVal = dataY[i];
        if (yVal == null)
          continue;
        if (dataY0 != null) {
          let yVal0 = dataY0[i] ?? 0;
          if (yVal - yVal0 == 0)
            continue;
          fillToY = valToPosY(yVal0, scaleY, yDim, yOff);
        }
        let xVal = scaleX.distr != 2 || disp != null ? dataX[i] : i;
        let xPos = valToPosX(xVal, scaleX, xDim, xOff);
        let yPos = valToPosY(ifNull(yVal, fillTo), scaleY, yDim, yOff);
        let lft = pxRound(xPos - xShift);
        let btm = pxRound(max(yPos, fillToY));
        let top = pxRound(min(yPos, fillToY));
        let barHgt = btm - top;
        if (yVal != null) {
          let rv = yVal < 0 ? radBase : radVal;
          let rb = yVal < 0 ? radVal : radBase;
          if (multiPath) {
            if (strokeWidth > 0 && strokeColors[i] != null)
              rect2(strokePaths.get(strokeColors[i]), lft, top + floor(strokeWidth / 2), barWid, max(0, barHgt - strokeWidth), rv, rb);
            if (fillColors[i] != null)
              rect2(fillPaths.get(fillColors[i]), lft, top + floor(strokeWidth / 2), barWid, max(0, barHgt - strokeWidth), rv, rb);
          } else
            rect2(stroke, lft, top + floor(strokeWidth / 2), barWid, max(0, barHgt - strokeWidth), rv, rb);
          each(
            u,
            seriesIdx,
            i,
            lft - strokeWidth / 2,
            top,
            barWid + strokeWidth,
            barHgt
          );
        }
      }
      if (strokeWidth > 0)
        _paths.stroke = multiPath ? strokePaths : stroke;
      else if (!multiPath) {
        _paths._fill = series.width == 0 ? series._fill : series._stroke ?? series._fill;
        _paths.width = 0;
      }
      _paths.fill = multiPath ? fillPaths : stroke;
      return _paths;
    });
  };
}
function splineInterp(interp, opts) {
  const alignGaps = ifNull(opts?.alignGaps, 0);
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      [idx0, idx1] = nonNullIdxs(dataY, idx0, idx1);
      let pxRound = series.pxRound;
      let pixelForX = (val) => pxRound(valToPosX(val, scaleX, xDim, xOff));
      let pixelForY = (val) => pxRound(valToPosY(val, scaleY, yDim, yOff));
      let moveTo, bezierCurveTo, lineTo;
      if (scaleX.ori == 0) {
        moveTo = moveToH;
        lineTo = lineToH;
        bezierCurveTo = bezierCurveToH;
      } else {
        moveTo = moveToV;
        lineTo = lineToV;
        bezierCurveTo = bezierCurveToV;
      }
      const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      let firstXPos = pixelForX(dataX[dir == 1 ? idx0 : idx1]);
      let prevXPos = firstXPos;
      let xCoords = [];
      let yCoords = [];
      for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
        let yVal = dataY[i];
        if (yVal != null) {
          let xVal = dataX[i];
          let xPos = pixelForX(xVal);
          xCoords.push(prevXPos = xPos);
          yCoords.push(pixelForY(dataY[i]));
        }
      }
      const _paths = { stroke: interp(xCoords, yCoords, moveTo, lineTo, bezierCurveTo, pxRound), fill: null, clip: null, band: null, gaps: null, flags: BAND_CLIP_FILL };
      const stroke = _paths.stroke;
      let [bandFillDir, bandClipDir] = bandFillClipDirs(u, seriesIdx);
      if (series.fill != null || bandFillDir != 0) {
        let fill = _paths.fill = new Path2D(stroke);
        let fillTo = series.fillTo(u, seriesIdx, series.min, series.max, bandFillDir);
        let fillToY = pixelForY(fillTo);
        lineTo(fill, prevXPos, fillToY);
        lineTo(fill, firstXPos, fillToY);
      }
      if (!series.spanGaps) {
        let gaps2 = [];
        gaps2.push(...findGaps(dataX, dataY, idx0, idx1, dir, pixelForX, alignGaps));
        _paths.gaps = gaps2 = series.gaps(u, seriesIdx, idx0, idx1, gaps2);
        _paths.clip = clipGaps(gaps2, scaleX.ori, xOff, yOff, xDim, yDim);
      }
      if (bandClipDir != 0) {
        _paths.band = bandClipDir == 2 ? [
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, -1),
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, 1)
        ] : clipBandLine(u, seriesIdx, idx0, idx1, stroke, bandClipDir);
      }
      return _paths;
    });
  };
}
function monotoneCubic(opts) {
  return splineInterp(_monotoneCubic, opts);
}
function _monotoneCubic(xs, ys, moveTo, lineTo, bezierCurveTo, pxRound) {
  const n = xs.length;
  if (n < 2)
    return null;
  const path = new Path2D();
  moveTo(path, xs[0], ys[0]);
  if (n == 2)
    lineTo(path, xs[1], ys[1]);
  else {
    let ms = Array(n), ds = Array(n - 1), dys = Array(n - 1), dxs = Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      dys[i] = ys[i + 1] - ys[i];
      dxs[i] = xs[i + 1] - xs[i];
      ds[i] = dys[i] / dxs[i];
    }
    ms[0] = ds[0];
    for (let i = 1; i < n - 1; i++) {
      if (ds[i] === 0 || ds[i - 1] === 0 || ds[i - 1] > 0 !== ds[i] > 0)
        ms[i] = 0;
      else {
        ms[i] = 3 * (dxs[i - 1] + dxs[i]) / ((2 * dxs[i] + dxs[i - 1]) / ds[i - 1] + (dxs[i] + 2 * dxs[i - 1]) / ds[i]);
        if (!isFinite(ms[i]))
          ms[i] = 0;
      }
    }
    ms[n - 1] = ds[n - 2];
    for (let i = 0; i < n - 1; i++) {
      bezierCurveTo(
        path,
        xs[i] + dxs[i] / 3,
        ys[i] + ms[i] * dxs[i] / 3,
        xs[i + 1] - dxs[i] / 3,
        ys[i + 1] - ms[i + 1] * dxs[i] / 3,
        xs[i + 1],
        ys[i + 1]
      );
    }
  }
  return path;
}
var cursorPlots = /* @__PURE__ */ new Set();
function invalidateRects() {
  for (let u of cursorPlots)
    u.syncRect(true);
}
if (domEnv) {
  on(resize, win, invalidateRects);
  on(scroll, win, invalidateRects, true);
  on(dppxchange, win, () => {
    uPlot.pxRatio = pxRatio;
  });
}
var linearPath = linear();
var pointsPath = points();
function setDefaults(d, xo, yo, initY) {
  let d2 = initY ? [d[0], d[1]].concat(d.slice(2)) : [d[0]].concat(d.slice(1));
  return d2.map((o, i) => setDefault(o, i, xo, yo));
}
function setDefaults2(d, xyo) {
  return d.map((o, i) => i == 0 ? {} : assign({}, xyo, o));
}
function setDefault(o, i, xo, yo) {
  return assign({}, i == 0 ? xo : yo, o);
}
function snapNumX(self, dataMin, dataMax) {
  return dataMin == null ? nullNullTuple : [dataMin, dataMax];
}
var snapTimeX = snapNumX;
function snapNumY(self, dataMin, dataMax) {
  return dataMin == null ? nullNullTuple : rangeNum(dataMin, dataMax, rangePad, true);
}
function snapLogY(self, dataMin, dataMax, scale) {
  return dataMin == null ? nullNullTuple : rangeLog(dataMin, dataMax, self.scales[scale].log, false);
}
var snapLogX = snapLogY;
function snapAsinhY(self, dataMin, dataMax, scale) {
  return dataMin == null ? nullNullTuple : rangeAsinh(dataMin, dataMax, self.scales[scale].log, false);
}
var snapAsinhX = snapAsinhY;
function findIncr(minVal, maxVal, incrs, dim, minSpace) {
  let intDigits = max(numIntDigits(minVal), numIntDigits(maxVal));
  let delta = maxVal - minVal;
  let incrIdx = closestIdx(minSpace / dim * delta, incrs);
  do {
    let foundIncr = incrs[incrIdx];
    let foundSpace = dim * foundIncr / delta;
    if (foundSpace >= minSpace && intDigits + (foundIncr < 5 ? fixedDec.get(foundIncr) : 0) <= 17)
      return [foundIncr, foundSpace];
  } while (++incrIdx < incrs.length);
  return [0, 0];
}
function pxRatioFont(font2) {
  let fontSize, fontSizeCss;
  font2 = font2.replace(/(\d+)px/, (m, p1) => (fontSize = round((fontSizeCss = +p1) * pxRatio)) + "px");
  return [font2, fontSize, fontSizeCss];
}
function syncFontSize(axis) {
  if (axis.show) {
    [axis.font, axis.labelFont].forEach((f) => {
      let size2 = roundDec(f[2] * pxRatio, 1);
      f[0] = f[0].replace(/[0-9.]+px/, size2 + "px");
      f[1] = size2;
    });
  }
}
function uPlot(opts, data, then) {
  const self = {
    mode: ifNull(opts.mode, 1)
  };
  const mode = self.mode;
  function getHPos(val, scale, dim, off2) {
    let pct = scale.valToPct(val);
    return off2 + dim * (scale.dir == -1 ? 1 - pct : pct);
  }
  function getVPos(val, scale, dim, off2) {
    let pct = scale.valToPct(val);
    return off2 + dim * (scale.dir == -1 ? pct : 1 - pct);
  }
  function getPos(val, scale, dim, off2) {
    return scale.ori == 0 ? getHPos(val, scale, dim, off2) : getVPos(val, scale, dim, off2);
  }
  self.valToPosH = getHPos;
  self.valToPosV = getVPos;
  let ready = false;
  self.status = 0;
  const root = self.root = placeDiv(UPLOT);
  if (opts.id != null)
    root.id = opts.id;
  addClass(root, opts.class);
  if (opts.title) {
    let title = placeDiv(TITLE, root);
    title.textContent = opts.title;
  }
  const can = placeTag("canvas");
  const ctx = self.ctx = can.getContext("2d");
  const wrap = placeDiv(WRAP, root);
  on("click", wrap, (e) => {
    if (e.target === over) {
      let didDrag = mouseLeft1 != mouseLeft0 || mouseTop1 != mouseTop0;
      didDrag && drag.click(self, e);
    }
  }, true);
  const under = self.under = placeDiv(UNDER, wrap);
  wrap.appendChild(can);
  const over = self.over = placeDiv(OVER, wrap);
  opts = copy(opts);
  const pxAlign = +ifNull(opts.pxAlign, 1);
  const pxRound = pxRoundGen(pxAlign);
  (opts.plugins || []).forEach((p) => {
    if (p.opts)
      opts = p.opts(self, opts) || opts;
  });
  const ms = opts.ms || 1e-3;
  const series = self.series = mode == 1 ? setDefaults(opts.series || [], xSeriesOpts, ySeriesOpts, false) : setDefaults2(opts.series || [null], xySeriesOpts);
  const axes = self.axes = setDefaults(opts.axes || [], xAxisOpts, yAxisOpts, true);
  const scales = self.scales = {};
  const bands = self.bands = opts.bands || [];
  bands.forEach((b) => {
    b.fill = fnOrSelf(b.fill || null);
    b.dir = ifNull(b.dir, -1);
  });
  const xScaleKey = mode == 2 ? series[1].facets[0].scale : series[0].scale;
  const drawOrderMap = {
    axes: drawAxesGrid,
    series: drawSeries
  };
  const drawOrder = (opts.drawOrder || ["axes", "series"]).map((key2) => drawOrderMap[key2]);
  function initValToPct(sc) {
    const getVal = sc.distr == 3 ? (val) => log10(val > 0 ? val : sc.clamp(self, val, sc.min, sc.max, sc.key)) : sc.distr == 4 ? (val) => asinh(val, sc.asinh) : sc.distr == 100 ? (val) => sc.fwd(val) : (val) => val;
    return (val) => {
      let _val = getVal(val);
      let { _min, _max } = sc;
      let delta = _max - _min;
      return (_val - _min) / delta;
    };
  }
  function initScale(scaleKey) {
    let sc = scales[scaleKey];
    if (sc == null) {
      let scaleOpts = (opts.scales || EMPTY_OBJ)[scaleKey] || EMPTY_OBJ;
      if (scaleOpts.from != null) {
        initScale(scaleOpts.from);
        let sc2 = assign({}, scales[scaleOpts.from], scaleOpts, { key: scaleKey });
        sc2.valToPct = initValToPct(sc2);
        scales[scaleKey] = sc2;
      } else {
        sc = scales[scaleKey] = assign({}, scaleKey == xScaleKey ? xScaleOpts : yScaleOpts, scaleOpts);
        sc.key = scaleKey;
        let isTime = sc.time;
        let rn = sc.range;
        let rangeIsArr = isArr(rn);
        if (scaleKey != xScaleKey || mode == 2 && !isTime) {
          if (rangeIsArr && (rn[0] == null || rn[1] == null)) {
            rn = {
              min: rn[0] == null ? autoRangePart : {
                mode: 1,
                hard: rn[0],
                soft: rn[0]
              },
              max: rn[1] == null ? autoRangePart : {
                mode: 1,
                hard: rn[1],
                soft: rn[1]
              }
            };
            rangeIsArr = false;
          }
          if (!rangeIsArr && isObj(rn)) {
            let cfg = rn;
            rn = (self2, dataMin, dataMax) => dataMin == null ? nullNullTuple : rangeNum(dataMin, dataMax, cfg);
          }
        }
        sc.range = fnOrSelf(rn || (isTime ? snapTimeX : scaleKey == xScaleKey ? sc.distr == 3 ? snapLogX : sc.distr == 4 ? snapAsinhX : snapNumX : sc.distr == 3 ? snapLogY : sc.distr == 4 ? snapAsinhY : snapNumY));
        sc.auto = fnOrSelf(rangeIsArr ? false : sc.auto);
        sc.clamp = fnOrSelf(sc.clamp || clampScale);
        sc._min = sc._max = null;
        sc.valToPct = initValToPct(sc);
      }
    }
  }
  initScale("x");
  initScale("y");
  if (mode == 1) {
    series.forEach((s) => {
      initScale(s.scale);
    });
  }
  axes.forEach((a) => {
    initScale(a.scale);
  });
  for (let k in opts.scales)
    initScale(k);
  const scaleX = scales[xScaleKey];
  const xScaleDistr = scaleX.distr;
  let valToPosX, valToPosY;
  if (scaleX.ori == 0) {
    addClass(root, ORI_HZ);
    valToPosX = getHPos;
    valToPosY = getVPos;
  } else {
    addClass(root, ORI_VT);
    valToPosX = getVPos;
    valToPosY = getHPos;
  }
  const pendScales = {};
  for (let k in scales) {
    let sc = scales[k];
    if (sc.min != null || sc.max != null) {
      pendScales[k] = { min: sc.min, max: sc.max };
      sc.min = sc.max = null;
    }
  }
  const _tzDate = opts.tzDate || ((ts) => new Date(round(ts / ms)));
  const _fmtDate = opts.fmtDate || fmtDate;
  const _timeAxisSplits = ms == 1 ? timeAxisSplitsMs(_tzDate) : timeAxisSplitsS(_tzDate);
  const _timeAxisVals = timeAxisVals(_tzDate, timeAxisStamps(ms == 1 ? _timeAxisStampsMs : _timeAxisStampsS, _fmtDate));
  const _timeSeriesVal = timeSeriesVal(_tzDate, timeSeriesStamp(_timeSeriesStamp, _fmtDate));
  const activeIdxs = [];
  const legend = self.legend = assign({}, legendOpts, opts.legend);
  const cursor = self.cursor = assign({}, cursorOpts, { drag: { y: mode == 2 } }, opts.cursor);
  const showLegend = legend.show;
  const showCursor = cursor.show;
  const markers = legend.markers;
  {
    legend.idxs = activeIdxs;
    markers.width = fnOrSelf(markers.width);
    markers.dash = fnOrSelf(markers.dash);
    markers.stroke = fnOrSelf(markers.stroke);
    markers.fill = fnOrSelf(markers.fill);
  }
  let legendTable;
  let legendHead;
  let legendBody;
  let legendRows = [];
  let legendCells = [];
  let legendCols;
  let multiValLegend = false;
  let NULL_LEGEND_VALUES = {};
  if (legend.live) {
    const getMultiVals = series[1] ? series[1].values : null;
    multiValLegend = getMultiVals != null;
    legendCols = multiValLegend ? getMultiVals(self, 1, 0) : { _: 0 };
    for (let k in legendCols)
      NULL_LEGEND_VALUES[k] = LEGEND_DISP;
  }
  if (showLegend) {
    legendTable = placeTag("table", LEGEND, root);
    legendBody = placeTag("tbody", null, legendTable);
    legend.mount(self, legendTable);
    if (multiValLegend) {
      legendHead = placeTag("thead", null, legendTable, legendBody);
      let head = placeTag("tr", null, legendHead);
      placeTag("th", null, head);
      for (var key in legendCols)
        placeTag("th", LEGEND_LABEL, head).textContent = key;
    } else {
      addClass(legendTable, LEGEND_INLINE);
      legend.live && addClass(legendTable, LEGEND_LIVE);
    }
  }
  const son = { show: true };
  const soff = { show: false };
  function initLegendRow(s, i) {
    if (i == 0 && (multiValLegend || !legend.live || mode == 2))
      return nullNullTuple;
    let cells = [];
    let row = placeTag("tr", LEGEND_SERIES, legendBody, legendBody.childNodes[i]);
    addClass(row, s.class);
    if (!s.show)
      addClass(row, OFF);
    let label = placeTag("th", null, row);
    if (markers.show) {
      let indic = placeDiv(LEGEND_MARKER, label);
      if (i > 0) {
        let width = markers.width(self, i);
        if (width)
          indic.style.border = width + "px " + markers.dash(self, i) + " " + markers.stroke(self, i);
        indic.style.background = markers.fill(self, i);
      }
    }
    let text = placeDiv(LEGEND_LABEL, label);
    if (s.label instanceof HTMLElement)
      text.appendChild(s.label);
    else
      text.textContent = s.label;
    if (i > 0) {
      if (!markers.show)
        text.style.color = s.width > 0 ? markers.stroke(self, i) : markers.fill(self, i);
      onMouse("click", label, (e) => {
        if (cursor._lock)
          return;
        setCursorEvent(e);
        let seriesIdx = series.indexOf(s);
        if ((e.ctrlKey || e.metaKey) != legend.isolate) {
          let isolate = series.some((s2, i2) => i2 > 0 && i2 != seriesIdx && s2.show);
          series.forEach((s2, i2) => {
            i2 > 0 && setSeries(i2, isolate ? i2 == seriesIdx ? son : soff : son, true, syncOpts.setSeries);
          });
        } else
          setSeries(seriesIdx, { show: !s.show }, true, syncOpts.setSeries);
      }, false);
      if (cursorFocus) {
        onMouse(mouseenter, label, (e) => {
          if (cursor._lock)
            return;
          setCursorEvent(e);
          setSeries(series.indexOf(s), FOCUS_TRUE, true, syncOpts.setSeries);
        }, false);
      }
    }
    for (var key2 in legendCols) {
      let v = placeTag("td", LEGEND_VALUE, row);
      v.textContent = "--";
      cells.push(v);
    }
    return [row, cells];
  }
  const mouseListeners = /* @__PURE__ */ new Map();
  function onMouse(ev, targ, fn, onlyTarg = true) {
    const targListeners = mouseListeners.get(targ) || {};
    const listener = cursor.bind[ev](self, targ, fn, onlyTarg);
    if (listener) {
      on(ev, targ, targListeners[ev] = listener);
      mouseListeners.set(targ, targListeners);
    }
  }
  function offMouse(ev, targ, fn) {
    const targListeners = mouseListeners.get(targ) || {};
    for (let k in targListeners) {
      if (ev == null || k == ev) {
        off(k, targ, targListeners[k]);
        delete targListeners[k];
      }
    }
    if (ev == null)
      mouseListeners.delete(targ);
  }
  let fullWidCss = 0;
  let fullHgtCss = 0;
  let plotWidCss = 0;
  let plotHgtCss = 0;
  let plotLftCss = 0;
  let plotTopCss = 0;
  let _plotLftCss = plotLftCss;
  let _plotTopCss = plotTopCss;
  let _plotWidCss = plotWidCss;
  let _plotHgtCss = plotHgtCss;
  let plotLft = 0;
  let plotTop = 0;
  let plotWid = 0;
  let plotHgt = 0;
  self.bbox = {};
  let shouldSetScales = false;
  let shouldSetSize = false;
  let shouldConvergeSize = false;
  let shouldSetCursor = false;
  let shouldSetSelect = false;
  let shouldSetLegend = false;
  function _setSize(width, height, force) {
    if (force || (width != self.width || height != self.height))
      calcSize(width, height);
    resetYSeries(false);
    shouldConvergeSize = true;
    shouldSetSize = true;
    commit();
  }
  function calcSize(width, height) {
    self.width = fullWidCss = plotWidCss = width;
    self.height = fullHgtCss = plotHgtCss = height;
    plotLftCss = plotTopCss = 0;
    calcPlotRect();
    calcAxesRects();
    let bb = self.bbox;
    plotLft = bb.left = incrRound(plotLftCss * pxRatio, 0.5);
    plotTop = bb.top = incrRound(plotTopCss * pxRatio, 0.5);
    plotWid = bb.width = incrRound(plotWidCss * pxRatio, 0.5);
    plotHgt = bb.height = incrRound(plotHgtCss * pxRatio, 0.5);
  }
  const CYCLE_LIMIT = 3;
  function convergeSize() {
    let converged = false;
    let cycleNum = 0;
    while (!converged) {
      cycleNum++;
      let axesConverged = axesCalc(cycleNum);
      let paddingConverged = paddingCalc(cycleNum);
      converged = cycleNum == CYCLE_LIMIT || axesConverged && paddingConverged;
      if (!converged) {
        calcSize(self.width, self.height);
        shouldSetSize = true;
      }
    }
  }
  function setSize({ width, height }) {
    _setSize(width, height);
  }
  self.setSize = setSize;
  function calcPlotRect() {
    let hasTopAxis = false;
    let hasBtmAxis = false;
    let hasRgtAxis = false;
    let hasLftAxis = false;
    axes.forEach((axis, i) => {
      if (axis.show && axis._show) {
        let { side, _size } = axis;
        let isVt = side % 2;
        let labelSize = axis.label != null ? axis.labelSize : 0;
        let fullSize = _size + labelSize;
        if (fullSize > 0) {
          if (isVt) {
            plotWidCss -= fullSize;
            if (side == 3) {
              plotLftCss += fullSize;
              hasLftAxis = true;
            } else
              hasRgtAxis = true;
          } else {
            plotHgtCss -= fullSize;
            if (side == 0) {
              plotTopCss += fullSize;
              hasTopAxis = true;
            } else
              hasBtmAxis = true;
          }
        }
      }
    });
    sidesWithAxes[0] = hasTopAxis;
    sidesWithAxes[1] = hasRgtAxis;
    sidesWithAxes[2] = hasBtmAxis;
    sidesWithAxes[3] = hasLftAxis;
    plotWidCss -= _padding[1] + _padding[3];
    plotLftCss += _padding[3];
    plotHgtCss -= _padding[2] + _padding[0];
    plotTopCss += _padding[0];
  }
  function calcAxesRects() {
    let off1 = plotLftCss + plotWidCss;
    let off2 = plotTopCss + plotHgtCss;
    let off3 = plotLftCss;
    let off0 = plotTopCss;
    function incrOffset(side, size2) {
      switch (side) {
        case 1:
          off1 += size2;
          return off1 - size2;
        case 2:
          off2 += size2;
          return off2 - size2;
        case 3:
          off3 -= size2;
          return off3 + size2;
        case 0:
          off0 -= size2;
          return off0 + size2;
      }
    }
    axes.forEach((axis, i) => {
      if (axis.show && axis._show) {
        let side = axis.side;
        axis._pos = incrOffset(side, axis._size);
        if (axis.label != null)
          axis._lpos = incrOffset(side, axis.labelSize);
      }
    });
  }
  if (cursor.dataIdx == null) {
    let hov = cursor.hover;
    let skip = hov.skip = new Set(hov.skip ?? []);
    skip.add(void 0);
    let prox = hov.prox = fnOrSelf(hov.prox);
    let bias = hov.bias ??= 0;
    cursor.dataIdx = (self2, seriesIdx, cursorIdx, valAtPosX) => {
      if (seriesIdx == 0)
        return cursorIdx;
      let idx2 = cursorIdx;
      let _prox = prox(self2, seriesIdx, cursorIdx, valAtPosX) ?? inf;
      let withProx = _prox >= 0 && _prox < inf;
      let xDim = scaleX.ori == 0 ? plotWidCss : plotHgtCss;
      let cursorLft = cursor.left;
      let xValues = data[0];
      let yValues = data[seriesIdx];
      if (skip.has(yValues[cursorIdx])) {
        idx2 = null;
        let nonNullLft = null, nonNullRgt = null, j;
        if (bias == 0 || bias == -1) {
          j = cursorIdx;
          while (nonNullLft == null && j-- > 0) {
            if (!skip.has(yValues[j]))
              nonNullLft = j;
          }
        }
        if (bias == 0 || bias == 1) {
          j = cursorIdx;
          while (nonNullRgt == null && j++ < yValues.length) {
            if (!skip.has(yValues[j]))
              nonNullRgt = j;
          }
        }
        if (nonNullLft != null || nonNullRgt != null) {
          if (withProx) {
            let lftPos = nonNullLft == null ? -Infinity : valToPosX(xValues[nonNullLft], scaleX, xDim, 0);
            let rgtPos = nonNullRgt == null ? Infinity : valToPosX(xValues[nonNullRgt], scaleX, xDim, 0);
            let lftDelta = cursorLft - lftPos;
            let rgtDelta = rgtPos - cursorLft;
            if (lftDelta <= rgtDelta) {
              if (lftDelta <= _prox)
                idx2 = nonNullLft;
            } else {
              if (rgtDelta <= _prox)
                idx2 = nonNullRgt;
            }
          } else {
            idx2 = nonNullRgt == null ? nonNullLft : nonNullLft == null ? nonNullRgt : cursorIdx - nonNullLft <= nonNullRgt - cursorIdx ? nonNullLft : nonNullRgt;
          }
        }
      } else if (withProx) {
        let dist = abs(cursorLft - valToPosX(xValues[cursorIdx], scaleX, xDim, 0));
        if (dist > _prox)
          idx2 = null;
      }
      return idx2;
    };
  }
  const setCursorEvent = (e) => {
    cursor.event = e;
  };
  cursor.idxs = activeIdxs;
  cursor._lock = false;
  let points2 = cursor.points;
  points2.show = fnOrSelf(points2.show);
  points2.size = fnOrSelf(points2.size);
  points2.stroke = fnOrSelf(points2.stroke);
  points2.width = fnOrSelf(points2.width);
  points2.fill = fnOrSelf(points2.fill);
  const focus = self.focus = assign({}, opts.focus || { alpha: 0.3 }, cursor.focus);
  const cursorFocus = focus.prox >= 0;
  const cursorOnePt = cursorFocus && points2.one;
  let cursorPts = [];
  let cursorPtsLft = [];
  let cursorPtsTop = [];
  function initCursorPt(s, si) {
    let pt = points2.show(self, si);
    if (pt instanceof HTMLElement) {
      addClass(pt, CURSOR_PT);
      addClass(pt, s.class);
      elTrans(pt, -10, -10, plotWidCss, plotHgtCss);
      over.insertBefore(pt, cursorPts[si]);
      return pt;
    }
  }
  function initSeries(s, i) {
    if (mode == 1 || i > 0) {
      let isTime = mode == 1 && scales[s.scale].time;
      let sv = s.value;
      s.value = isTime ? isStr(sv) ? timeSeriesVal(_tzDate, timeSeriesStamp(sv, _fmtDate)) : sv || _timeSeriesVal : sv || numSeriesVal;
      s.label = s.label || (isTime ? timeSeriesLabel : numSeriesLabel);
    }
    if (cursorOnePt || i > 0) {
      s.width = s.width == null ? 1 : s.width;
      s.paths = s.paths || linearPath || retNull;
      s.fillTo = fnOrSelf(s.fillTo || seriesFillTo);
      s.pxAlign = +ifNull(s.pxAlign, pxAlign);
      s.pxRound = pxRoundGen(s.pxAlign);
      s.stroke = fnOrSelf(s.stroke || null);
      s.fill = fnOrSelf(s.fill || null);
      s._stroke = s._fill = s._paths = s._focus = null;
      let _ptDia = ptDia(max(1, s.width), 1);
      let points3 = s.points = assign({}, {
        size: _ptDia,
        width: max(1, _ptDia * 0.2),
        stroke: s.stroke,
        space: _ptDia * 2,
        paths: pointsPath,
        _stroke: null,
        _fill: null
      }, s.points);
      points3.show = fnOrSelf(points3.show);
      points3.filter = fnOrSelf(points3.filter);
      points3.fill = fnOrSelf(points3.fill);
      points3.stroke = fnOrSelf(points3.stroke);
      points3.paths = fnOrSelf(points3.paths);
      points3.pxAlign = s.pxAlign;
    }
    if (showLegend) {
      let rowCells = initLegendRow(s, i);
      legendRows.splice(i, 0, rowCells[0]);
      legendCells.splice(i, 0, rowCells[1]);
      legend.values.push(null);
    }
    if (showCursor) {
      activeIdxs.splice(i, 0, null);
      let pt = null;
      if (cursorOnePt) {
        if (i == 0)
          pt = initCursorPt(s, i);
      } else if (i > 0)
        pt = initCursorPt(s, i);
      cursorPts.splice(i, 0, pt);
      cursorPtsLft.splice(i, 0, 0);
      cursorPtsTop.splice(i, 0, 0);
    }
    fire("addSeries", i);
  }
  function addSeries(opts2, si) {
    si = si == null ? series.length : si;
    opts2 = mode == 1 ? setDefault(opts2, si, xSeriesOpts, ySeriesOpts) : setDefault(opts2, si, {}, xySeriesOpts);
    series.splice(si, 0, opts2);
    initSeries(series[si], si);
  }
  self.addSeries = addSeries;
  function delSeries(i) {
    series.splice(i, 1);
    if (showLegend) {
      legend.values.splice(i, 1);
      legendCells.splice(i, 1);
      let tr = legendRows.splice(i, 1)[0];
      offMouse(null, tr.firstChild);
      tr.remove();
    }
    if (showCursor) {
      activeIdxs.splice(i, 1);
      cursorPts.splice(i, 1)[0].remove();
      cursorPtsLft.splice(i, 1);
      cursorPtsTop.splice(i, 1);
    }
    fire("delSeries", i);
  }
  self.delSeries = delSeries;
  const sidesWithAxes = [false, false, false, false];
  function initAxis(axis, i) {
    axis._show = axis.show;
    if (axis.show) {
      let isVt = axis.side % 2;
      let sc = scales[axis.scale];
      if (sc == null) {
        axis.scale = isVt ? series[1].scale : xScaleKey;
        sc = scales[axis.scale];
      }
      let isTime = sc.time;
      axis.size = fnOrSelf(axis.size);
      axis.space = fnOrSelf(axis.space);
      axis.rotate = fnOrSelf(axis.rotate);
      if (isArr(axis.incrs)) {
        axis.incrs.forEach((incr) => {
          !fixedDec.has(incr) && fixedDec.set(incr, guessDec(incr));
        });
      }
      axis.incrs = fnOrSelf(axis.incrs || (sc.distr == 2 ? wholeIncrs : isTime ? ms == 1 ? timeIncrsMs : timeIncrsS : numIncrs));
      axis.splits = fnOrSelf(axis.splits || (isTime && sc.distr == 1 ? _timeAxisSplits : sc.distr == 3 ? logAxisSplits : sc.distr == 4 ? asinhAxisSplits : numAxisSplits));
      axis.stroke = fnOrSelf(axis.stroke);
      axis.grid.stroke = fnOrSelf(axis.grid.stroke);
      axis.ticks.stroke = fnOrSelf(axis.ticks.stroke);
      axis.border.stroke = fnOrSelf(axis.border.stroke);
      let av = axis.values;
      axis.values = // static array of tick values
      isArr(av) && !isArr(av[0]) ? fnOrSelf(av) : (
        // temporal
        isTime ? (
          // config array of fmtDate string tpls
          isArr(av) ? timeAxisVals(_tzDate, timeAxisStamps(av, _fmtDate)) : (
            // fmtDate string tpl
            isStr(av) ? timeAxisVal(_tzDate, av) : av || _timeAxisVals
          )
        ) : av || numAxisVals
      );
      axis.filter = fnOrSelf(axis.filter || (sc.distr >= 3 && sc.log == 10 ? log10AxisValsFilt : sc.distr == 3 && sc.log == 2 ? log2AxisValsFilt : retArg1));
      axis.font = pxRatioFont(axis.font);
      axis.labelFont = pxRatioFont(axis.labelFont);
      axis._size = axis.size(self, null, i, 0);
      axis._space = axis._rotate = axis._incrs = axis._found = // foundIncrSpace
      axis._splits = axis._values = null;
      if (axis._size > 0) {
        sidesWithAxes[i] = true;
        axis._el = placeDiv(AXIS, wrap);
      }
    }
  }
  function autoPadSide(self2, side, sidesWithAxes2, cycleNum) {
    let [hasTopAxis, hasRgtAxis, hasBtmAxis, hasLftAxis] = sidesWithAxes2;
    let ori = side % 2;
    let size2 = 0;
    if (ori == 0 && (hasLftAxis || hasRgtAxis))
      size2 = side == 0 && !hasTopAxis || side == 2 && !hasBtmAxis ? round(xAxisOpts.size / 3) : 0;
    if (ori == 1 && (hasTopAxis || hasBtmAxis))
      size2 = side == 1 && !hasRgtAxis || side == 3 && !hasLftAxis ? round(yAxisOpts.size / 2) : 0;
    return size2;
  }
  const padding = self.padding = (opts.padding || [autoPadSide, autoPadSide, autoPadSide, autoPadSide]).map((p) => fnOrSelf(ifNull(p, autoPadSide)));
  const _padding = self._padding = padding.map((p, i) => p(self, i, sidesWithAxes, 0));
  let dataLen;
  let i0 = null;
  let i1 = null;
  const idxs = mode == 1 ? series[0].idxs : null;
  let data0 = null;
  let viaAutoScaleX = false;
  function setData(_data, _resetScales) {
    data = _data == null ? [] : _data;
    self.data = self._data = data;
    if (mode == 2) {
      dataLen = 0;
      for (let i = 1; i < series.length; i++)
        dataLen += data[i][0].length;
    } else {
      if (data.length == 0)
        self.data = self._data = data = [[]];
      data0 = data[0];
      dataLen = data0.length;
      let scaleData = data;
      if (xScaleDistr == 2) {
        scaleData = data.slice();
        let _data0 = scaleData[0] = Array(dataLen);
        for (let i = 0; i < dataLen; i++)
          _data0[i] = i;
      }
      self._data = data = scaleData;
    }
    resetYSeries(true);
    fire("setData");
    if (xScaleDistr == 2) {
      shouldConvergeSize = true;
    }
    if (_resetScales !== false) {
      let xsc = scaleX;
      if (xsc.auto(self, viaAutoScaleX))
        autoScaleX();
      else
        _setScale(xScaleKey, xsc.min, xsc.max);
      shouldSetCursor = shouldSetCursor || cursor.left >= 0;
      shouldSetLegend = true;
      commit();
    }
  }
  self.setData = setData;
  function autoScaleX() {
    viaAutoScaleX = true;
    let _min, _max;
    if (mode == 1) {
      if (dataLen > 0) {
        i0 = idxs[0] = 0;
        i1 = idxs[1] = dataLen - 1;
        _min = data[0][i0];
        _max = data[0][i1];
        if (xScaleDistr == 2) {
          _min = i0;
          _max = i1;
        } else if (_min == _max) {
          if (xScaleDistr == 3)
            [_min, _max] = rangeLog(_min, _min, scaleX.log, false);
          else if (xScaleDistr == 4)
            [_min, _max] = rangeAsinh(_min, _min, scaleX.log, false);
          else if (scaleX.time)
            _max = _min + round(86400 / ms);
          else
            [_min, _max] = rangeNum(_min, _max, rangePad, true);
        }
      } else {
        i0 = idxs[0] = _min = null;
        i1 = idxs[1] = _max = null;
      }
    }
    _setScale(xScaleKey, _min, _max);
  }
  let ctxStroke, ctxFill, ctxWidth, ctxDash, ctxJoin, ctxCap, ctxFont, ctxAlign, ctxBaseline;
  let ctxAlpha;
  function setCtxStyle(stroke, width, dash, cap, fill, join2) {
    stroke ??= transparent;
    dash ??= EMPTY_ARR;
    cap ??= "butt";
    fill ??= transparent;
    join2 ??= "round";
    if (stroke != ctxStroke)
      ctx.strokeStyle = ctxStroke = stroke;
    if (fill != ctxFill)
      ctx.fillStyle = ctxFill = fill;
    if (width != ctxWidth)
      ctx.lineWidth = ctxWidth = width;
    if (join2 != ctxJoin)
      ctx.lineJoin = ctxJoin = join2;
    if (cap != ctxCap)
      ctx.lineCap = ctxCap = cap;
    if (dash != ctxDash)
      ctx.setLineDash(ctxDash = dash);
  }
  function setFontStyle(font2, fill, align, baseline) {
    if (fill != ctxFill)
      ctx.fillStyle = ctxFill = fill;
    if (font2 != ctxFont)
      ctx.font = ctxFont = font2;
    if (align != ctxAlign)
      ctx.textAlign = ctxAlign = align;
    if (baseline != ctxBaseline)
      ctx.textBaseline = ctxBaseline = baseline;
  }
  function accScale(wsc, psc, facet2, data2, sorted = 0) {
    if (data2.length > 0 && wsc.auto(self, viaAutoScaleX) && (psc == null || psc.min == null)) {
      let _i0 = ifNull(i0, 0);
      let _i1 = ifNull(i1, data2.length - 1);
      let minMax = facet2.min == null ? getMinMax(data2, _i0, _i1, sorted, wsc.distr == 3) : [facet2.min, facet2.max];
      wsc.min = min(wsc.min, facet2.min = minMax[0]);
      wsc.max = max(wsc.max, facet2.max = minMax[1]);
    }
  }
  const AUTOSCALE = { min: null, max: null };
  function setScales() {
    for (let k in scales) {
      let sc = scales[k];
      if (pendScales[k] == null && // scales that have never been set (on init)
      (sc.min == null || // or auto scales when the x scale was explicitly set
      pendScales[xScaleKey] != null && sc.auto(self, viaAutoScaleX))) {
        pendScales[k] = AUTOSCALE;
      }
    }
    for (let k in scales) {
      let sc = scales[k];
      if (pendScales[k] == null && sc.from != null && pendScales[sc.from] != null)
        pendScales[k] = AUTOSCALE;
    }
    if (pendScales[xScaleKey] != null)
      resetYSeries(true);
    let wipScales = {};
    for (let k in pendScales) {
      let psc = pendScales[k];
      if (psc != null) {
        let wsc = wipScales[k] = copy(scales[k], fastIsObj);
        if (psc.min != null)
          assign(wsc, psc);
        else if (k != xScaleKey || mode == 2) {
          if (dataLen == 0 && wsc.from == null) {
            let minMax = wsc.range(self, null, null, k);
            wsc.min = minMax[0];
            wsc.max = minMax[1];
          } else {
            wsc.min = inf;
            wsc.max = -inf;
          }
        }
      }
    }
    if (dataLen > 0) {
      series.forEach((s, i) => {
        if (mode == 1) {
          let k = s.scale;
          let psc = pendScales[k];
          if (psc == null)
            return;
          let wsc = wipScales[k];
          if (i == 0) {
            let minMax = wsc.range(self, wsc.min, wsc.max, k);
            wsc.min = minMax[0];
            wsc.max = minMax[1];
            i0 = closestIdx(wsc.min, data[0]);
            i1 = closestIdx(wsc.max, data[0]);
            if (i1 - i0 > 1) {
              if (data[0][i0] < wsc.min)
                i0++;
              if (data[0][i1] > wsc.max)
                i1--;
            }
            s.min = data0[i0];
            s.max = data0[i1];
          } else if (s.show && s.auto)
            accScale(wsc, psc, s, data[i], s.sorted);
          s.idxs[0] = i0;
          s.idxs[1] = i1;
        } else {
          if (i > 0) {
            if (s.show && s.auto) {
              let [xFacet, yFacet] = s.facets;
              let xScaleKey2 = xFacet.scale;
              let yScaleKey = yFacet.scale;
              let [xData, yData] = data[i];
              let wscx = wipScales[xScaleKey2];
              let wscy = wipScales[yScaleKey];
              wscx != null && accScale(wscx, pendScales[xScaleKey2], xFacet, xData, xFacet.sorted);
              wscy != null && accScale(wscy, pendScales[yScaleKey], yFacet, yData, yFacet.sorted);
              s.min = yFacet.min;
              s.max = yFacet.max;
            }
          }
        }
      });
      for (let k in wipScales) {
        let wsc = wipScales[k];
        let psc = pendScales[k];
        if (wsc.from == null && (psc == null || psc.min == null)) {
          let minMax = wsc.range(
            self,
            wsc.min == inf ? null : wsc.min,
            wsc.max == -inf ? null : wsc.max,
            k
          );
          wsc.min = minMax[0];
          wsc.max = minMax[1];
        }
      }
    }
    for (let k in wipScales) {
      let wsc = wipScales[k];
      if (wsc.from != null) {
        let base = wipScales[wsc.from];
        if (base.min == null)
          wsc.min = wsc.max = null;
        else {
          let minMax = wsc.range(self, base.min, base.max, k);
          wsc.min = minMax[0];
          wsc.max = minMax[1];
        }
      }
    }
    let changed = {};
    let anyChanged = false;
    for (let k in wipScales) {
      let wsc = wipScales[k];
      let sc = scales[k];
      if (sc.min != wsc.min || sc.max != wsc.max) {
        sc.min = wsc.min;
        sc.max = wsc.max;
        let distr = sc.distr;
        sc._min = distr == 3 ? log10(sc.min) : distr == 4 ? asinh(sc.min, sc.asinh) : distr == 100 ? sc.fwd(sc.min) : sc.min;
        sc._max = distr == 3 ? log10(sc.max) : distr == 4 ? asinh(sc.max, sc.asinh) : distr == 100 ? sc.fwd(sc.max) : sc.max;
        changed[k] = anyChanged = true;
      }
    }
    if (anyChanged) {
      series.forEach((s, i) => {
        if (mode == 2) {
          if (i > 0 && changed.y)
            s._paths = null;
        } else {
          if (changed[s.scale])
            s._paths = null;
        }
      });
      for (let k in changed) {
        shouldConvergeSize = true;
        fire("setScale", k);
      }
      if (showCursor && cursor.left >= 0)
        shouldSetCursor = shouldSetLegend = true;
    }
    for (let k in pendScales)
      pendScales[k] = null;
  }
  function getOuterIdxs(ydata) {
    let _i0 = clamp(i0 - 1, 0, dataLen - 1);
    let _i1 = clamp(i1 + 1, 0, dataLen - 1);
    while (ydata[_i0] == null && _i0 > 0)
      _i0--;
    while (ydata[_i1] == null && _i1 < dataLen - 1)
      _i1++;
    return [_i0, _i1];
  }
  function drawSeries() {
    if (dataLen > 0) {
      let shouldAlpha = series.some((s) => s._focus) && ctxAlpha != focus.alpha;
      if (shouldAlpha)
        ctx.globalAlpha = ctxAlpha = focus.alpha;
      series.forEach((s, i) => {
        if (i > 0 && s.show) {
          cacheStrokeFill(i, false);
          cacheStrokeFill(i, true);
          if (s._paths == null) {
            let _ctxAlpha = ctxAlpha;
            if (ctxAlpha != s.alpha)
              ctx.globalAlpha = ctxAlpha = s.alpha;
            let _idxs = mode == 2 ? [0, data[i][0].length - 1] : getOuterIdxs(data[i]);
            s._paths = s.paths(self, i, _idxs[0], _idxs[1]);
            if (ctxAlpha != _ctxAlpha)
              ctx.globalAlpha = ctxAlpha = _ctxAlpha;
          }
        }
      });
      series.forEach((s, i) => {
        if (i > 0 && s.show) {
          let _ctxAlpha = ctxAlpha;
          if (ctxAlpha != s.alpha)
            ctx.globalAlpha = ctxAlpha = s.alpha;
          s._paths != null && drawPath(i, false);
          {
            let _gaps = s._paths != null ? s._paths.gaps : null;
            let show = s.points.show(self, i, i0, i1, _gaps);
            let idxs2 = s.points.filter(self, i, show, _gaps);
            if (show || idxs2) {
              s.points._paths = s.points.paths(self, i, i0, i1, idxs2);
              drawPath(i, true);
            }
          }
          if (ctxAlpha != _ctxAlpha)
            ctx.globalAlpha = ctxAlpha = _ctxAlpha;
          fire("drawSeries", i);
        }
      });
      if (shouldAlpha)
        ctx.globalAlpha = ctxAlpha = 1;
    }
  }
  function cacheStrokeFill(si, _points) {
    let s = _points ? series[si].points : series[si];
    s._stroke = s.stroke(self, si);
    s._fill = s.fill(self, si);
  }
  function drawPath(si, _points) {
    let s = _points ? series[si].points : series[si];
    let {
      stroke,
      fill,
      clip: gapsClip,
      flags,
      _stroke: strokeStyle = s._stroke,
      _fill: fillStyle = s._fill,
      _width: width = s.width
    } = s._paths;
    width = roundDec(width * pxRatio, 3);
    let boundsClip = null;
    let offset = width % 2 / 2;
    if (_points && fillStyle == null)
      fillStyle = width > 0 ? "#fff" : strokeStyle;
    let _pxAlign = s.pxAlign == 1 && offset > 0;
    _pxAlign && ctx.translate(offset, offset);
    if (!_points) {
      let lft = plotLft - width / 2, top = plotTop - width / 2, wid = plotWid + width, hgt = plotHgt + width;
      boundsClip = new Path2D();
      boundsClip.rect(lft, top, wid, hgt);
    }
    if (_points)
      strokeFill(strokeStyle, width, s.dash, s.cap, fillStyle, stroke, fill, flags, gapsClip);
    else
      fillStroke(si, strokeStyle, width, s.dash, s.cap, fillStyle, stroke, fill, flags, boundsClip, gapsClip);
    _pxAlign && ctx.translate(-offset, -offset);
  }
  function fillStroke(si, strokeStyle, lineWidth, lineDash, lineCap, fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip) {
    let didStrokeFill = false;
    flags != 0 && bands.forEach((b, bi) => {
      if (b.series[0] == si) {
        let lowerEdge = series[b.series[1]];
        let lowerData = data[b.series[1]];
        let bandClip = (lowerEdge._paths || EMPTY_OBJ).band;
        if (isArr(bandClip))
          bandClip = b.dir == 1 ? bandClip[0] : bandClip[1];
        let gapsClip2;
        let _fillStyle = null;
        if (lowerEdge.show && bandClip && hasData(lowerData, i0, i1)) {
          _fillStyle = b.fill(self, bi) || fillStyle;
          gapsClip2 = lowerEdge._paths.clip;
        } else
          bandClip = null;
        strokeFill(strokeStyle, lineWidth, lineDash, lineCap, _fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip, gapsClip2, bandClip);
        didStrokeFill = true;
      }
    });
    if (!didStrokeFill)
      strokeFill(strokeStyle, lineWidth, lineDash, lineCap, fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip);
  }
  const CLIP_FILL_STROKE = BAND_CLIP_FILL | BAND_CLIP_STROKE;
  function strokeFill(strokeStyle, lineWidth, lineDash, lineCap, fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip, gapsClip2, bandClip) {
    setCtxStyle(strokeStyle, lineWidth, lineDash, lineCap, fillStyle);
    if (boundsClip || gapsClip || bandClip) {
      ctx.save();
      boundsClip && ctx.clip(boundsClip);
      gapsClip && ctx.clip(gapsClip);
    }
    if (bandClip) {
      if ((flags & CLIP_FILL_STROKE) == CLIP_FILL_STROKE) {
        ctx.clip(bandClip);
        gapsClip2 && ctx.clip(gapsClip2);
        doFill(fillStyle, fillPath);
        doStroke(strokeStyle, strokePath, lineWidth);
      } else if (flags & BAND_CLIP_STROKE) {
        doFill(fillStyle, fillPath);
        ctx.clip(bandClip);
        doStroke(strokeStyle, strokePath, lineWidth);
      } else if (flags & BAND_CLIP_FILL) {
        ctx.save();
        ctx.clip(bandClip);
        gapsClip2 && ctx.clip(gapsClip2);
        doFill(fillStyle, fillPath);
        ctx.restore();
        doStroke(strokeStyle, strokePath, lineWidth);
      }
    } else {
      doFill(fillStyle, fillPath);
      doStroke(strokeStyle, strokePath, lineWidth);
    }
    if (boundsClip || gapsClip || bandClip)
      ctx.restore();
  }
  function doStroke(strokeStyle, strokePath, lineWidth) {
    if (lineWidth > 0) {
      if (strokePath instanceof Map) {
        strokePath.forEach((strokePath2, strokeStyle2) => {
          ctx.strokeStyle = ctxStroke = strokeStyle2;
          ctx.stroke(strokePath2);
        });
      } else
        strokePath != null && strokeStyle && ctx.stroke(strokePath);
    }
  }
  function doFill(fillStyle, fillPath) {
    if (fillPath instanceof Map) {
      fillPath.forEach((fillPath2, fillStyle2) => {
        ctx.fillStyle = ctxFill = fillStyle2;
        ctx.fill(fillPath2);
      });
    } else
      fillPath != null && fillStyle && ctx.fill(fillPath);
  }
  function getIncrSpace(axisIdx, min2, max2, fullDim) {
    let axis = axes[axisIdx];
    let incrSpace;
    if (fullDim <= 0)
      incrSpace = [0, 0];
    else {
      let minSpace = axis._space = axis.space(self, axisIdx, min2, max2, fullDim);
      let incrs = axis._incrs = axis.incrs(self, axisIdx, min2, max2, fullDim, minSpace);
      incrSpace = findIncr(min2, max2, incrs, fullDim, minSpace);
    }
    return axis._found = incrSpace;
  }
  function drawOrthoLines(offs, filts, ori, side, pos0, len, width, stroke, dash, cap) {
    let offset = width % 2 / 2;
    pxAlign == 1 && ctx.translate(offset, offset);
    setCtxStyle(stroke, width, dash, cap, stroke);
    ctx.beginPath();
    let x0, y0, x1, y1, pos1 = pos0 + (side == 0 || side == 3 ? -len : len);
    if (ori == 0) {
      y0 = pos0;
      y1 = pos1;
    } else {
      x0 = pos0;
      x1 = pos1;
    }
    for (let i = 0; i < offs.length; i++) {
      if (filts[i] != null) {
        if (ori == 0)
          x0 = x1 = offs[i];
        else
          y0 = y1 = offs[i];
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      }
    }
    ctx.stroke();
    pxAlign == 1 && ctx.translate(-offset, -offset);
  }
  function axesCalc(cycleNum) {
    let converged = true;
    axes.forEach((axis, i) => {
      if (!axis.show)
        return;
      let scale = scales[axis.scale];
      if (scale.min == null) {
        if (axis._show) {
          converged = false;
          axis._show = false;
          resetYSeries(false);
        }
        return;
      } else {
        if (!axis._show) {
          converged = false;
          axis._show = true;
          resetYSeries(false);
        }
      }
      let side = axis.side;
      let ori = side % 2;
      let { min: min2, max: max2 } = scale;
      let [_incr, _space] = getIncrSpace(i, min2, max2, ori == 0 ? plotWidCss : plotHgtCss);
      if (_space == 0)
        return;
      let forceMin = scale.distr == 2;
      let _splits = axis._splits = axis.splits(self, i, min2, max2, _incr, _space, forceMin);
      let splits = scale.distr == 2 ? _splits.map((i2) => data0[i2]) : _splits;
      let incr = scale.distr == 2 ? data0[_splits[1]] - data0[_splits[0]] : _incr;
      let values = axis._values = axis.values(self, axis.filter(self, splits, i, _space, incr), i, _space, incr);
      axis._rotate = side == 2 ? axis.rotate(self, values, i, _space) : 0;
      let oldSize = axis._size;
      axis._size = ceil(axis.size(self, values, i, cycleNum));
      if (oldSize != null && axis._size != oldSize)
        converged = false;
    });
    return converged;
  }
  function paddingCalc(cycleNum) {
    let converged = true;
    padding.forEach((p, i) => {
      let _p = p(self, i, sidesWithAxes, cycleNum);
      if (_p != _padding[i])
        converged = false;
      _padding[i] = _p;
    });
    return converged;
  }
  function drawAxesGrid() {
    for (let i = 0; i < axes.length; i++) {
      let axis = axes[i];
      if (!axis.show || !axis._show)
        continue;
      let side = axis.side;
      let ori = side % 2;
      let x, y;
      let fillStyle = axis.stroke(self, i);
      let shiftDir = side == 0 || side == 3 ? -1 : 1;
      let [_incr, _space] = axis._found;
      if (axis.label != null) {
        let shiftAmt2 = axis.labelGap * shiftDir;
        let baseLpos = round((axis._lpos + shiftAmt2) * pxRatio);
        setFontStyle(axis.labelFont[0], fillStyle, "center", side == 2 ? TOP : BOTTOM);
        ctx.save();
        if (ori == 1) {
          x = y = 0;
          ctx.translate(
            baseLpos,
            round(plotTop + plotHgt / 2)
          );
          ctx.rotate((side == 3 ? -PI : PI) / 2);
        } else {
          x = round(plotLft + plotWid / 2);
          y = baseLpos;
        }
        let _label = isFn(axis.label) ? axis.label(self, i, _incr, _space) : axis.label;
        ctx.fillText(_label, x, y);
        ctx.restore();
      }
      if (_space == 0)
        continue;
      let scale = scales[axis.scale];
      let plotDim = ori == 0 ? plotWid : plotHgt;
      let plotOff = ori == 0 ? plotLft : plotTop;
      let _splits = axis._splits;
      let splits = scale.distr == 2 ? _splits.map((i2) => data0[i2]) : _splits;
      let incr = scale.distr == 2 ? data0[_splits[1]] - data0[_splits[0]] : _incr;
      let ticks2 = axis.ticks;
      let border2 = axis.border;
      let _tickSize = ticks2.show ? ticks2.size : 0;
      let tickSize = round(_tickSize * pxRatio);
      let axisGap = round((axis.alignTo == 2 ? axis._size - _tickSize - axis.gap : axis.gap) * pxRatio);
      let angle = axis._rotate * -PI / 180;
      let basePos = pxRound(axis._pos * pxRatio);
      let shiftAmt = (tickSize + axisGap) * shiftDir;
      let finalPos = basePos + shiftAmt;
      y = ori == 0 ? finalPos : 0;
      x = ori == 1 ? finalPos : 0;
      let font2 = axis.font[0];
      let textAlign = axis.align == 1 ? LEFT : axis.align == 2 ? RIGHT : angle > 0 ? LEFT : angle < 0 ? RIGHT : ori == 0 ? "center" : side == 3 ? RIGHT : LEFT;
      let textBaseline = angle || ori == 1 ? "middle" : side == 2 ? TOP : BOTTOM;
      setFontStyle(font2, fillStyle, textAlign, textBaseline);
      let lineHeight = axis.font[1] * axis.lineGap;
      let canOffs = _splits.map((val) => pxRound(getPos(val, scale, plotDim, plotOff)));
      let _values = axis._values;
      for (let i2 = 0; i2 < _values.length; i2++) {
        let val = _values[i2];
        if (val != null) {
          if (ori == 0)
            x = canOffs[i2];
          else
            y = canOffs[i2];
          val = "" + val;
          let _parts = val.indexOf("\n") == -1 ? [val] : val.split(/\n/gm);
          for (let j = 0; j < _parts.length; j++) {
            let text = _parts[j];
            if (angle) {
              ctx.save();
              ctx.translate(x, y + j * lineHeight);
              ctx.rotate(angle);
              ctx.fillText(text, 0, 0);
              ctx.restore();
            } else
              ctx.fillText(text, x, y + j * lineHeight);
          }
        }
      }
      if (ticks2.show) {
        drawOrthoLines(
          canOffs,
          ticks2.filter(self, splits, i, _space, incr),
          ori,
          side,
          basePos,
          tickSize,
          roundDec(ticks2.width * pxRatio, 3),
          ticks2.stroke(self, i),
          ticks2.dash,
          ticks2.cap
        );
      }
      let grid2 = axis.grid;
      if (grid2.show) {
        drawOrthoLines(
          canOffs,
          grid2.filter(self, splits, i, _space, incr),
          ori,
          ori == 0 ? 2 : 1,
          ori == 0 ? plotTop : plotLft,
          ori == 0 ? plotHgt : plotWid,
          roundDec(grid2.width * pxRatio, 3),
          grid2.stroke(self, i),
          grid2.dash,
          grid2.cap
        );
      }
      if (border2.show) {
        drawOrthoLines(
          [basePos],
          [1],
          ori == 0 ? 1 : 0,
          ori == 0 ? 1 : 2,
          ori == 1 ? plotTop : plotLft,
          ori == 1 ? plotHgt : plotWid,
          roundDec(border2.width * pxRatio, 3),
          border2.stroke(self, i),
          border2.dash,
          border2.cap
        );
      }
    }
    fire("drawAxes");
  }
  function resetYSeries(minMax) {
    series.forEach((s, i) => {
      if (i > 0) {
        s._paths = null;
        if (minMax) {
          if (mode == 1) {
            s.min = null;
            s.max = null;
          } else {
            s.facets.forEach((f) => {
              f.min = null;
              f.max = null;
            });
          }
        }
      }
    });
  }
  let queuedCommit = false;
  let deferHooks = false;
  let hooksQueue = [];
  function flushHooks() {
    deferHooks = false;
    for (let i = 0; i < hooksQueue.length; i++)
      fire(...hooksQueue[i]);
    hooksQueue.length = 0;
  }
  function commit() {
    if (!queuedCommit) {
      microTask(_commit);
      queuedCommit = true;
    }
  }
  function batch(fn, _deferHooks = false) {
    queuedCommit = true;
    deferHooks = _deferHooks;
    fn(self);
    _commit();
    if (_deferHooks && hooksQueue.length > 0)
      queueMicrotask(flushHooks);
  }
  self.batch = batch;
  function _commit() {
    if (shouldSetScales) {
      setScales();
      shouldSetScales = false;
    }
    if (shouldConvergeSize) {
      convergeSize();
      shouldConvergeSize = false;
    }
    if (shouldSetSize) {
      setStylePx(under, LEFT, plotLftCss);
      setStylePx(under, TOP, plotTopCss);
      setStylePx(under, WIDTH, plotWidCss);
      setStylePx(under, HEIGHT, plotHgtCss);
      setStylePx(over, LEFT, plotLftCss);
      setStylePx(over, TOP, plotTopCss);
      setStylePx(over, WIDTH, plotWidCss);
      setStylePx(over, HEIGHT, plotHgtCss);
      setStylePx(wrap, WIDTH, fullWidCss);
      setStylePx(wrap, HEIGHT, fullHgtCss);
      can.width = round(fullWidCss * pxRatio);
      can.height = round(fullHgtCss * pxRatio);
      axes.forEach(({ _el, _show, _size, _pos, side }) => {
        if (_el != null) {
          if (_show) {
            let posOffset = side === 3 || side === 0 ? _size : 0;
            let isVt = side % 2 == 1;
            setStylePx(_el, isVt ? "left" : "top", _pos - posOffset);
            setStylePx(_el, isVt ? "width" : "height", _size);
            setStylePx(_el, isVt ? "top" : "left", isVt ? plotTopCss : plotLftCss);
            setStylePx(_el, isVt ? "height" : "width", isVt ? plotHgtCss : plotWidCss);
            remClass(_el, OFF);
          } else
            addClass(_el, OFF);
        }
      });
      ctxStroke = ctxFill = ctxWidth = ctxJoin = ctxCap = ctxFont = ctxAlign = ctxBaseline = ctxDash = null;
      ctxAlpha = 1;
      syncRect(true);
      if (plotLftCss != _plotLftCss || plotTopCss != _plotTopCss || plotWidCss != _plotWidCss || plotHgtCss != _plotHgtCss) {
        resetYSeries(false);
        let pctWid = plotWidCss / _plotWidCss;
        let pctHgt = plotHgtCss / _plotHgtCss;
        if (showCursor && !shouldSetCursor && cursor.left >= 0) {
          cursor.left *= pctWid;
          cursor.top *= pctHgt;
          vCursor && elTrans(vCursor, round(cursor.left), 0, plotWidCss, plotHgtCss);
          hCursor && elTrans(hCursor, 0, round(cursor.top), plotWidCss, plotHgtCss);
          for (let i = 0; i < cursorPts.length; i++) {
            let pt = cursorPts[i];
            if (pt != null) {
              cursorPtsLft[i] *= pctWid;
              cursorPtsTop[i] *= pctHgt;
              elTrans(pt, ceil(cursorPtsLft[i]), ceil(cursorPtsTop[i]), plotWidCss, plotHgtCss);
            }
          }
        }
        if (select.show && !shouldSetSelect && select.left >= 0 && select.width > 0) {
          select.left *= pctWid;
          select.width *= pctWid;
          select.top *= pctHgt;
          select.height *= pctHgt;
          for (let prop in _hideProps)
            setStylePx(selectDiv, prop, select[prop]);
        }
        _plotLftCss = plotLftCss;
        _plotTopCss = plotTopCss;
        _plotWidCss = plotWidCss;
        _plotHgtCss = plotHgtCss;
      }
      fire("setSize");
      shouldSetSize = false;
    }
    if (fullWidCss > 0 && fullHgtCss > 0) {
      ctx.clearRect(0, 0, can.width, can.height);
      fire("drawClear");
      drawOrder.forEach((fn) => fn());
      fire("draw");
    }
    if (select.show && shouldSetSelect) {
      setSelect(select);
      shouldSetSelect = false;
    }
    if (showCursor && shouldSetCursor) {
      updateCursor(null, true, false);
      shouldSetCursor = false;
    }
    if (legend.show && legend.live && shouldSetLegend) {
      setLegend();
      shouldSetLegend = false;
    }
    if (!ready) {
      ready = true;
      self.status = 1;
      fire("ready");
    }
    viaAutoScaleX = false;
    queuedCommit = false;
  }
  self.redraw = (rebuildPaths, recalcAxes) => {
    shouldConvergeSize = recalcAxes || false;
    if (rebuildPaths !== false)
      _setScale(xScaleKey, scaleX.min, scaleX.max);
    else
      commit();
  };
  function setScale(key2, opts2) {
    let sc = scales[key2];
    if (sc.from == null) {
      if (dataLen == 0) {
        let minMax = sc.range(self, opts2.min, opts2.max, key2);
        opts2.min = minMax[0];
        opts2.max = minMax[1];
      }
      if (opts2.min > opts2.max) {
        let _min = opts2.min;
        opts2.min = opts2.max;
        opts2.max = _min;
      }
      if (dataLen > 1 && opts2.min != null && opts2.max != null && opts2.max - opts2.min < 1e-16)
        return;
      if (key2 == xScaleKey) {
        if (sc.distr == 2 && dataLen > 0) {
          opts2.min = closestIdx(opts2.min, data[0]);
          opts2.max = closestIdx(opts2.max, data[0]);
          if (opts2.min == opts2.max)
            opts2.max++;
        }
      }
      pendScales[key2] = opts2;
      shouldSetScales = true;
      commit();
    }
  }
  self.setScale = setScale;
  let xCursor;
  let yCursor;
  let vCursor;
  let hCursor;
  let rawMouseLeft0;
  let rawMouseTop0;
  let mouseLeft0;
  let mouseTop0;
  let rawMouseLeft1;
  let rawMouseTop1;
  let mouseLeft1;
  let mouseTop1;
  let dragging = false;
  const drag = cursor.drag;
  let dragX = drag.x;
  let dragY = drag.y;
  if (showCursor) {
    if (cursor.x)
      xCursor = placeDiv(CURSOR_X, over);
    if (cursor.y)
      yCursor = placeDiv(CURSOR_Y, over);
    if (scaleX.ori == 0) {
      vCursor = xCursor;
      hCursor = yCursor;
    } else {
      vCursor = yCursor;
      hCursor = xCursor;
    }
    mouseLeft1 = cursor.left;
    mouseTop1 = cursor.top;
  }
  const select = self.select = assign({
    show: true,
    over: true,
    left: 0,
    width: 0,
    top: 0,
    height: 0
  }, opts.select);
  const selectDiv = select.show ? placeDiv(SELECT, select.over ? over : under) : null;
  function setSelect(opts2, _fire) {
    if (select.show) {
      for (let prop in opts2) {
        select[prop] = opts2[prop];
        if (prop in _hideProps)
          setStylePx(selectDiv, prop, opts2[prop]);
      }
      _fire !== false && fire("setSelect");
    }
  }
  self.setSelect = setSelect;
  function toggleDOM(i) {
    let s = series[i];
    if (s.show)
      showLegend && remClass(legendRows[i], OFF);
    else {
      showLegend && addClass(legendRows[i], OFF);
      if (showCursor) {
        let pt = cursorOnePt ? cursorPts[0] : cursorPts[i];
        pt != null && elTrans(pt, -10, -10, plotWidCss, plotHgtCss);
      }
    }
  }
  function _setScale(key2, min2, max2) {
    setScale(key2, { min: min2, max: max2 });
  }
  function setSeries(i, opts2, _fire, _pub) {
    if (opts2.focus != null)
      setFocus(i);
    if (opts2.show != null) {
      series.forEach((s, si) => {
        if (si > 0 && (i == si || i == null)) {
          s.show = opts2.show;
          toggleDOM(si);
          if (mode == 2) {
            _setScale(s.facets[0].scale, null, null);
            _setScale(s.facets[1].scale, null, null);
          } else
            _setScale(s.scale, null, null);
          commit();
        }
      });
    }
    _fire !== false && fire("setSeries", i, opts2);
    _pub && pubSync("setSeries", self, i, opts2);
  }
  self.setSeries = setSeries;
  function setBand(bi, opts2) {
    assign(bands[bi], opts2);
  }
  function addBand(opts2, bi) {
    opts2.fill = fnOrSelf(opts2.fill || null);
    opts2.dir = ifNull(opts2.dir, -1);
    bi = bi == null ? bands.length : bi;
    bands.splice(bi, 0, opts2);
  }
  function delBand(bi) {
    if (bi == null)
      bands.length = 0;
    else
      bands.splice(bi, 1);
  }
  self.addBand = addBand;
  self.setBand = setBand;
  self.delBand = delBand;
  function setAlpha(i, value) {
    series[i].alpha = value;
    if (showCursor && cursorPts[i] != null)
      cursorPts[i].style.opacity = value;
    if (showLegend && legendRows[i])
      legendRows[i].style.opacity = value;
  }
  let closestDist;
  let closestSeries;
  let focusedSeries;
  const FOCUS_TRUE = { focus: true };
  function setFocus(i) {
    if (i != focusedSeries) {
      let allFocused = i == null;
      let _setAlpha = focus.alpha != 1;
      series.forEach((s, i2) => {
        if (mode == 1 || i2 > 0) {
          let isFocused = allFocused || i2 == 0 || i2 == i;
          s._focus = allFocused ? null : isFocused;
          _setAlpha && setAlpha(i2, isFocused ? 1 : focus.alpha);
        }
      });
      focusedSeries = i;
      _setAlpha && commit();
    }
  }
  if (showLegend && cursorFocus) {
    onMouse(mouseleave, legendTable, (e) => {
      if (cursor._lock)
        return;
      setCursorEvent(e);
      if (focusedSeries != null)
        setSeries(null, FOCUS_TRUE, true, syncOpts.setSeries);
    });
  }
  function posToVal(pos, scale, can2) {
    let sc = scales[scale];
    if (can2)
      pos = pos / pxRatio - (sc.ori == 1 ? plotTopCss : plotLftCss);
    let dim = plotWidCss;
    if (sc.ori == 1) {
      dim = plotHgtCss;
      pos = dim - pos;
    }
    if (sc.dir == -1)
      pos = dim - pos;
    let _min = sc._min, _max = sc._max, pct = pos / dim;
    let sv = _min + (_max - _min) * pct;
    let distr = sc.distr;
    return distr == 3 ? pow(10, sv) : distr == 4 ? sinh(sv, sc.asinh) : distr == 100 ? sc.bwd(sv) : sv;
  }
  function closestIdxFromXpos(pos, can2) {
    let v = posToVal(pos, xScaleKey, can2);
    return closestIdx(v, data[0], i0, i1);
  }
  self.valToIdx = (val) => closestIdx(val, data[0]);
  self.posToIdx = closestIdxFromXpos;
  self.posToVal = posToVal;
  self.valToPos = (val, scale, can2) => scales[scale].ori == 0 ? getHPos(
    val,
    scales[scale],
    can2 ? plotWid : plotWidCss,
    can2 ? plotLft : 0
  ) : getVPos(
    val,
    scales[scale],
    can2 ? plotHgt : plotHgtCss,
    can2 ? plotTop : 0
  );
  self.setCursor = (opts2, _fire, _pub) => {
    mouseLeft1 = opts2.left;
    mouseTop1 = opts2.top;
    updateCursor(null, _fire, _pub);
  };
  function setSelH(off2, dim) {
    setStylePx(selectDiv, LEFT, select.left = off2);
    setStylePx(selectDiv, WIDTH, select.width = dim);
  }
  function setSelV(off2, dim) {
    setStylePx(selectDiv, TOP, select.top = off2);
    setStylePx(selectDiv, HEIGHT, select.height = dim);
  }
  let setSelX = scaleX.ori == 0 ? setSelH : setSelV;
  let setSelY = scaleX.ori == 1 ? setSelH : setSelV;
  function syncLegend() {
    if (showLegend && legend.live) {
      for (let i = mode == 2 ? 1 : 0; i < series.length; i++) {
        if (i == 0 && multiValLegend)
          continue;
        let vals = legend.values[i];
        let j = 0;
        for (let k in vals)
          legendCells[i][j++].firstChild.nodeValue = vals[k];
      }
    }
  }
  function setLegend(opts2, _fire) {
    if (opts2 != null) {
      if (opts2.idxs) {
        opts2.idxs.forEach((didx, sidx) => {
          activeIdxs[sidx] = didx;
        });
      } else if (!isUndef(opts2.idx))
        activeIdxs.fill(opts2.idx);
      legend.idx = activeIdxs[0];
    }
    if (showLegend && legend.live) {
      for (let sidx = 0; sidx < series.length; sidx++) {
        if (sidx > 0 || mode == 1 && !multiValLegend)
          setLegendValues(sidx, activeIdxs[sidx]);
      }
      syncLegend();
    }
    shouldSetLegend = false;
    _fire !== false && fire("setLegend");
  }
  self.setLegend = setLegend;
  function setLegendValues(sidx, idx) {
    let s = series[sidx];
    let src = sidx == 0 && xScaleDistr == 2 ? data0 : data[sidx];
    let val;
    if (multiValLegend)
      val = s.values(self, sidx, idx) ?? NULL_LEGEND_VALUES;
    else {
      val = s.value(self, idx == null ? null : src[idx], sidx, idx);
      val = val == null ? NULL_LEGEND_VALUES : { _: val };
    }
    legend.values[sidx] = val;
  }
  function updateCursor(src, _fire, _pub) {
    rawMouseLeft1 = mouseLeft1;
    rawMouseTop1 = mouseTop1;
    [mouseLeft1, mouseTop1] = cursor.move(self, mouseLeft1, mouseTop1);
    cursor.left = mouseLeft1;
    cursor.top = mouseTop1;
    if (showCursor) {
      vCursor && elTrans(vCursor, round(mouseLeft1), 0, plotWidCss, plotHgtCss);
      hCursor && elTrans(hCursor, 0, round(mouseTop1), plotWidCss, plotHgtCss);
    }
    let idx;
    let noDataInRange = i0 > i1;
    closestDist = inf;
    closestSeries = null;
    let xDim = scaleX.ori == 0 ? plotWidCss : plotHgtCss;
    let yDim = scaleX.ori == 1 ? plotWidCss : plotHgtCss;
    if (mouseLeft1 < 0 || dataLen == 0 || noDataInRange) {
      idx = cursor.idx = null;
      for (let i = 0; i < series.length; i++) {
        let pt = cursorPts[i];
        pt != null && elTrans(pt, -10, -10, plotWidCss, plotHgtCss);
      }
      if (cursorFocus)
        setSeries(null, FOCUS_TRUE, true, src == null && syncOpts.setSeries);
      if (legend.live) {
        activeIdxs.fill(idx);
        shouldSetLegend = true;
      }
    } else {
      let mouseXPos, valAtPosX, xPos;
      if (mode == 1) {
        mouseXPos = scaleX.ori == 0 ? mouseLeft1 : mouseTop1;
        valAtPosX = posToVal(mouseXPos, xScaleKey);
        idx = cursor.idx = closestIdx(valAtPosX, data[0], i0, i1);
        xPos = valToPosX(data[0][idx], scaleX, xDim, 0);
      }
      let _ptLft = -10;
      let _ptTop = -10;
      let _ptWid = 0;
      let _ptHgt = 0;
      let _centered = true;
      let _ptFill = "";
      let _ptStroke = "";
      for (let i = mode == 2 ? 1 : 0; i < series.length; i++) {
        let s = series[i];
        let idx1 = activeIdxs[i];
        let yVal1 = idx1 == null ? null : mode == 1 ? data[i][idx1] : data[i][1][idx1];
        let idx2 = cursor.dataIdx(self, i, idx, valAtPosX);
        let yVal2 = idx2 == null ? null : mode == 1 ? data[i][idx2] : data[i][1][idx2];
        shouldSetLegend = shouldSetLegend || yVal2 != yVal1 || idx2 != idx1;
        activeIdxs[i] = idx2;
        if (i > 0 && s.show) {
          let xPos2 = idx2 == null ? -10 : idx2 == idx ? xPos : valToPosX(mode == 1 ? data[0][idx2] : data[i][0][idx2], scaleX, xDim, 0);
          let yPos = yVal2 == null ? -10 : valToPosY(yVal2, mode == 1 ? scales[s.scale] : scales[s.facets[1].scale], yDim, 0);
          if (cursorFocus && yVal2 != null) {
            let mouseYPos = scaleX.ori == 1 ? mouseLeft1 : mouseTop1;
            let dist = abs(focus.dist(self, i, idx2, yPos, mouseYPos));
            if (dist < closestDist) {
              let bias = focus.bias;
              if (bias != 0) {
                let mouseYVal = posToVal(mouseYPos, s.scale);
                let seriesYValSign = yVal2 >= 0 ? 1 : -1;
                let mouseYValSign = mouseYVal >= 0 ? 1 : -1;
                if (mouseYValSign == seriesYValSign && (mouseYValSign == 1 ? bias == 1 ? yVal2 >= mouseYVal : yVal2 <= mouseYVal : (
                  // >= 0
                  bias == 1 ? yVal2 <= mouseYVal : yVal2 >= mouseYVal
                ))) {
                  closestDist = dist;
                  closestSeries = i;
                }
              } else {
                closestDist = dist;
                closestSeries = i;
              }
            }
          }
          if (shouldSetLegend || cursorOnePt) {
            let hPos, vPos;
            if (scaleX.ori == 0) {
              hPos = xPos2;
              vPos = yPos;
            } else {
              hPos = yPos;
              vPos = xPos2;
            }
            let ptWid, ptHgt, ptLft, ptTop, ptStroke, ptFill, centered = true, getBBox = points2.bbox;
            if (getBBox != null) {
              centered = false;
              let bbox = getBBox(self, i);
              ptLft = bbox.left;
              ptTop = bbox.top;
              ptWid = bbox.width;
              ptHgt = bbox.height;
            } else {
              ptLft = hPos;
              ptTop = vPos;
              ptWid = ptHgt = points2.size(self, i);
            }
            ptFill = points2.fill(self, i);
            ptStroke = points2.stroke(self, i);
            if (cursorOnePt) {
              if (i == closestSeries && closestDist <= focus.prox) {
                _ptLft = ptLft;
                _ptTop = ptTop;
                _ptWid = ptWid;
                _ptHgt = ptHgt;
                _centered = centered;
                _ptFill = ptFill;
                _ptStroke = ptStroke;
              }
            } else {
              let pt = cursorPts[i];
              if (pt != null) {
                cursorPtsLft[i] = ptLft;
                cursorPtsTop[i] = ptTop;
                elSize(pt, ptWid, ptHgt, centered);
                elColor(pt, ptFill, ptStroke);
                elTrans(pt, ceil(ptLft), ceil(ptTop), plotWidCss, plotHgtCss);
              }
            }
          }
        }
      }
      if (cursorOnePt) {
        let p = focus.prox;
        let focusChanged = focusedSeries == null ? closestDist <= p : closestDist > p || closestSeries != focusedSeries;
        if (shouldSetLegend || focusChanged) {
          let pt = cursorPts[0];
          if (pt != null) {
            cursorPtsLft[0] = _ptLft;
            cursorPtsTop[0] = _ptTop;
            elSize(pt, _ptWid, _ptHgt, _centered);
            elColor(pt, _ptFill, _ptStroke);
            elTrans(pt, ceil(_ptLft), ceil(_ptTop), plotWidCss, plotHgtCss);
          }
        }
      }
    }
    if (select.show && dragging) {
      if (src != null) {
        let [xKey, yKey] = syncOpts.scales;
        let [matchXKeys, matchYKeys] = syncOpts.match;
        let [xKeySrc, yKeySrc] = src.cursor.sync.scales;
        let sdrag = src.cursor.drag;
        dragX = sdrag._x;
        dragY = sdrag._y;
        if (dragX || dragY) {
          let { left, top, width, height } = src.select;
          let sori = src.scales[xKeySrc].ori;
          let sPosToVal = src.posToVal;
          let sOff, sDim, sc, a, b;
          let matchingX = xKey != null && matchXKeys(xKey, xKeySrc);
          let matchingY = yKey != null && matchYKeys(yKey, yKeySrc);
          if (matchingX && dragX) {
            if (sori == 0) {
              sOff = left;
              sDim = width;
            } else {
              sOff = top;
              sDim = height;
            }
            sc = scales[xKey];
            a = valToPosX(sPosToVal(sOff, xKeySrc), sc, xDim, 0);
            b = valToPosX(sPosToVal(sOff + sDim, xKeySrc), sc, xDim, 0);
            setSelX(min(a, b), abs(b - a));
          } else
            setSelX(0, xDim);
          if (matchingY && dragY) {
            if (sori == 1) {
              sOff = left;
              sDim = width;
            } else {
              sOff = top;
              sDim = height;
            }
            sc = scales[yKey];
            a = valToPosY(sPosToVal(sOff, yKeySrc), sc, yDim, 0);
            b = valToPosY(sPosToVal(sOff + sDim, yKeySrc), sc, yDim, 0);
            setSelY(min(a, b), abs(b - a));
          } else
            setSelY(0, yDim);
        } else
          hideSelect();
      } else {
        let rawDX = abs(rawMouseLeft1 - rawMouseLeft0);
        let rawDY = abs(rawMouseTop1 - rawMouseTop0);
        if (scaleX.ori == 1) {
          let _rawDX = rawDX;
          rawDX = rawDY;
          rawDY = _rawDX;
        }
        dragX = drag.x && rawDX >= drag.dist;
        dragY = drag.y && rawDY >= drag.dist;
        let uni = drag.uni;
        if (uni != null) {
          if (dragX && dragY) {
            dragX = rawDX >= uni;
            dragY = rawDY >= uni;
            if (!dragX && !dragY) {
              if (rawDY > rawDX)
                dragY = true;
              else
                dragX = true;
            }
          }
        } else if (drag.x && drag.y && (dragX || dragY))
          dragX = dragY = true;
        let p0, p1;
        if (dragX) {
          if (scaleX.ori == 0) {
            p0 = mouseLeft0;
            p1 = mouseLeft1;
          } else {
            p0 = mouseTop0;
            p1 = mouseTop1;
          }
          setSelX(min(p0, p1), abs(p1 - p0));
          if (!dragY)
            setSelY(0, yDim);
        }
        if (dragY) {
          if (scaleX.ori == 1) {
            p0 = mouseLeft0;
            p1 = mouseLeft1;
          } else {
            p0 = mouseTop0;
            p1 = mouseTop1;
          }
          setSelY(min(p0, p1), abs(p1 - p0));
          if (!dragX)
            setSelX(0, xDim);
        }
        if (!dragX && !dragY) {
          setSelX(0, 0);
          setSelY(0, 0);
        }
      }
    }
    drag._x = dragX;
    drag._y = dragY;
    if (src == null) {
      if (_pub) {
        if (syncKey != null) {
          let [xSyncKey, ySyncKey] = syncOpts.scales;
          syncOpts.values[0] = xSyncKey != null ? posToVal(scaleX.ori == 0 ? mouseLeft1 : mouseTop1, xSyncKey) : null;
          syncOpts.values[1] = ySyncKey != null ? posToVal(scaleX.ori == 1 ? mouseLeft1 : mouseTop1, ySyncKey) : null;
        }
        pubSync(mousemove, self, mouseLeft1, mouseTop1, plotWidCss, plotHgtCss, idx);
      }
      if (cursorFocus) {
        let shouldPub = _pub && syncOpts.setSeries;
        let p = focus.prox;
        if (focusedSeries == null) {
          if (closestDist <= p)
            setSeries(closestSeries, FOCUS_TRUE, true, shouldPub);
        } else {
          if (closestDist > p)
            setSeries(null, FOCUS_TRUE, true, shouldPub);
          else if (closestSeries != focusedSeries)
            setSeries(closestSeries, FOCUS_TRUE, true, shouldPub);
        }
      }
    }
    if (shouldSetLegend) {
      legend.idx = idx;
      setLegend();
    }
    _fire !== false && fire("setCursor");
  }
  let rect2 = null;
  Object.defineProperty(self, "rect", {
    get() {
      if (rect2 == null)
        syncRect(false);
      return rect2;
    }
  });
  function syncRect(defer = false) {
    if (defer)
      rect2 = null;
    else {
      rect2 = over.getBoundingClientRect();
      fire("syncRect", rect2);
    }
  }
  function mouseMove(e, src, _l, _t, _w, _h, _i) {
    if (cursor._lock)
      return;
    if (dragging && e != null && e.movementX == 0 && e.movementY == 0)
      return;
    cacheMouse(e, src, _l, _t, _w, _h, _i, false, e != null);
    if (e != null)
      updateCursor(null, true, true);
    else
      updateCursor(src, true, false);
  }
  function cacheMouse(e, src, _l, _t, _w, _h, _i, initial, snap) {
    if (rect2 == null)
      syncRect(false);
    setCursorEvent(e);
    if (e != null) {
      _l = e.clientX - rect2.left;
      _t = e.clientY - rect2.top;
    } else {
      if (_l < 0 || _t < 0) {
        mouseLeft1 = -10;
        mouseTop1 = -10;
        return;
      }
      let [xKey, yKey] = syncOpts.scales;
      let syncOptsSrc = src.cursor.sync;
      let [xValSrc, yValSrc] = syncOptsSrc.values;
      let [xKeySrc, yKeySrc] = syncOptsSrc.scales;
      let [matchXKeys, matchYKeys] = syncOpts.match;
      let rotSrc = src.axes[0].side % 2 == 1;
      let xDim = scaleX.ori == 0 ? plotWidCss : plotHgtCss, yDim = scaleX.ori == 1 ? plotWidCss : plotHgtCss, _xDim = rotSrc ? _h : _w, _yDim = rotSrc ? _w : _h, _xPos = rotSrc ? _t : _l, _yPos = rotSrc ? _l : _t;
      if (xKeySrc != null)
        _l = matchXKeys(xKey, xKeySrc) ? getPos(xValSrc, scales[xKey], xDim, 0) : -10;
      else
        _l = xDim * (_xPos / _xDim);
      if (yKeySrc != null)
        _t = matchYKeys(yKey, yKeySrc) ? getPos(yValSrc, scales[yKey], yDim, 0) : -10;
      else
        _t = yDim * (_yPos / _yDim);
      if (scaleX.ori == 1) {
        let __l = _l;
        _l = _t;
        _t = __l;
      }
    }
    if (snap && (src == null || src.cursor.event.type == mousemove)) {
      if (_l <= 1 || _l >= plotWidCss - 1)
        _l = incrRound(_l, plotWidCss);
      if (_t <= 1 || _t >= plotHgtCss - 1)
        _t = incrRound(_t, plotHgtCss);
    }
    if (initial) {
      rawMouseLeft0 = _l;
      rawMouseTop0 = _t;
      [mouseLeft0, mouseTop0] = cursor.move(self, _l, _t);
    } else {
      mouseLeft1 = _l;
      mouseTop1 = _t;
    }
  }
  const _hideProps = {
    width: 0,
    height: 0,
    left: 0,
    top: 0
  };
  function hideSelect() {
    setSelect(_hideProps, false);
  }
  let downSelectLeft;
  let downSelectTop;
  let downSelectWidth;
  let downSelectHeight;
  function mouseDown(e, src, _l, _t, _w, _h, _i) {
    dragging = true;
    dragX = dragY = drag._x = drag._y = false;
    cacheMouse(e, src, _l, _t, _w, _h, _i, true, false);
    if (e != null) {
      onMouse(mouseup, doc, mouseUp, false);
      pubSync(mousedown, self, mouseLeft0, mouseTop0, plotWidCss, plotHgtCss, null);
    }
    let { left, top, width, height } = select;
    downSelectLeft = left;
    downSelectTop = top;
    downSelectWidth = width;
    downSelectHeight = height;
  }
  function mouseUp(e, src, _l, _t, _w, _h, _i) {
    dragging = drag._x = drag._y = false;
    cacheMouse(e, src, _l, _t, _w, _h, _i, false, true);
    let { left, top, width, height } = select;
    let hasSelect = width > 0 || height > 0;
    let chgSelect = downSelectLeft != left || downSelectTop != top || downSelectWidth != width || downSelectHeight != height;
    hasSelect && chgSelect && setSelect(select);
    if (drag.setScale && hasSelect && chgSelect) {
      let xOff = left, xDim = width, yOff = top, yDim = height;
      if (scaleX.ori == 1) {
        xOff = top, xDim = height, yOff = left, yDim = width;
      }
      if (dragX) {
        _setScale(
          xScaleKey,
          posToVal(xOff, xScaleKey),
          posToVal(xOff + xDim, xScaleKey)
        );
      }
      if (dragY) {
        for (let k in scales) {
          let sc = scales[k];
          if (k != xScaleKey && sc.from == null && sc.min != inf) {
            _setScale(
              k,
              posToVal(yOff + yDim, k),
              posToVal(yOff, k)
            );
          }
        }
      }
      hideSelect();
    } else if (cursor.lock) {
      cursor._lock = !cursor._lock;
      updateCursor(src, true, e != null);
    }
    if (e != null) {
      offMouse(mouseup, doc);
      pubSync(mouseup, self, mouseLeft1, mouseTop1, plotWidCss, plotHgtCss, null);
    }
  }
  function mouseLeave(e, src, _l, _t, _w, _h, _i) {
    if (cursor._lock)
      return;
    setCursorEvent(e);
    let _dragging = dragging;
    if (dragging) {
      let snapH = true;
      let snapV = true;
      let snapProx = 10;
      let dragH, dragV;
      if (scaleX.ori == 0) {
        dragH = dragX;
        dragV = dragY;
      } else {
        dragH = dragY;
        dragV = dragX;
      }
      if (dragH && dragV) {
        snapH = mouseLeft1 <= snapProx || mouseLeft1 >= plotWidCss - snapProx;
        snapV = mouseTop1 <= snapProx || mouseTop1 >= plotHgtCss - snapProx;
      }
      if (dragH && snapH)
        mouseLeft1 = mouseLeft1 < mouseLeft0 ? 0 : plotWidCss;
      if (dragV && snapV)
        mouseTop1 = mouseTop1 < mouseTop0 ? 0 : plotHgtCss;
      updateCursor(null, true, true);
      dragging = false;
    }
    mouseLeft1 = -10;
    mouseTop1 = -10;
    activeIdxs.fill(null);
    updateCursor(null, true, true);
    if (_dragging)
      dragging = _dragging;
  }
  function dblClick(e, src, _l, _t, _w, _h, _i) {
    if (cursor._lock)
      return;
    setCursorEvent(e);
    autoScaleX();
    hideSelect();
    if (e != null)
      pubSync(dblclick, self, mouseLeft1, mouseTop1, plotWidCss, plotHgtCss, null);
  }
  function syncPxRatio() {
    axes.forEach(syncFontSize);
    _setSize(self.width, self.height, true);
  }
  on(dppxchange, win, syncPxRatio);
  const events = {};
  events.mousedown = mouseDown;
  events.mousemove = mouseMove;
  events.mouseup = mouseUp;
  events.dblclick = dblClick;
  events["setSeries"] = (e, src, idx, opts2) => {
    let seriesIdxMatcher2 = syncOpts.match[2];
    idx = seriesIdxMatcher2(self, src, idx);
    idx != -1 && setSeries(idx, opts2, true, false);
  };
  if (showCursor) {
    onMouse(mousedown, over, mouseDown);
    onMouse(mousemove, over, mouseMove);
    onMouse(mouseenter, over, (e) => {
      setCursorEvent(e);
      syncRect(false);
    });
    onMouse(mouseleave, over, mouseLeave);
    onMouse(dblclick, over, dblClick);
    cursorPlots.add(self);
    self.syncRect = syncRect;
  }
  const hooks = self.hooks = opts.hooks || {};
  function fire(evName, a1, a2) {
    if (deferHooks)
      hooksQueue.push([evName, a1, a2]);
    else {
      if (evName in hooks) {
        hooks[evName].forEach((fn) => {
          fn.call(null, self, a1, a2);
        });
      }
    }
  }
  (opts.plugins || []).forEach((p) => {
    for (let evName in p.hooks)
      hooks[evName] = (hooks[evName] || []).concat(p.hooks[evName]);
  });
  const seriesIdxMatcher = (self2, src, srcSeriesIdx) => srcSeriesIdx;
  const syncOpts = assign({
    key: null,
    setSeries: false,
    filters: {
      pub: retTrue,
      sub: retTrue
    },
    scales: [xScaleKey, series[1] ? series[1].scale : null],
    match: [retEq, retEq, seriesIdxMatcher],
    values: [null, null]
  }, cursor.sync);
  if (syncOpts.match.length == 2)
    syncOpts.match.push(seriesIdxMatcher);
  cursor.sync = syncOpts;
  const syncKey = syncOpts.key;
  const sync = _sync(syncKey);
  function pubSync(type, src, x, y, w, h, i) {
    if (syncOpts.filters.pub(type, src, x, y, w, h, i))
      sync.pub(type, src, x, y, w, h, i);
  }
  sync.sub(self);
  function pub(type, src, x, y, w, h, i) {
    if (syncOpts.filters.sub(type, src, x, y, w, h, i))
      events[type](null, src, x, y, w, h, i);
  }
  self.pub = pub;
  function destroy() {
    sync.unsub(self);
    cursorPlots.delete(self);
    mouseListeners.clear();
    off(dppxchange, win, syncPxRatio);
    root.remove();
    legendTable?.remove();
    fire("destroy");
  }
  self.destroy = destroy;
  function _init() {
    fire("init", opts, data);
    setData(data || opts.data, false);
    if (pendScales[xScaleKey])
      setScale(xScaleKey, pendScales[xScaleKey]);
    else
      autoScaleX();
    shouldSetSelect = select.show && (select.width > 0 || select.height > 0);
    shouldSetCursor = shouldSetLegend = true;
    _setSize(opts.width, opts.height);
  }
  series.forEach(initSeries);
  axes.forEach(initAxis);
  if (then) {
    if (then instanceof HTMLElement) {
      then.appendChild(root);
      _init();
    } else
      then(self, _init);
  } else
    _init();
  return self;
}
uPlot.assign = assign;
uPlot.fmtNum = fmtNum;
uPlot.rangeNum = rangeNum;
uPlot.rangeLog = rangeLog;
uPlot.rangeAsinh = rangeAsinh;
uPlot.orient = orient;
uPlot.pxRatio = pxRatio;
{
  uPlot.join = join;
}
{
  uPlot.fmtDate = fmtDate;
  uPlot.tzDate = tzDate;
}
uPlot.sync = _sync;
{
  uPlot.addGap = addGap;
  uPlot.clipGaps = clipGaps;
  let paths = uPlot.paths = {
    points
  };
  paths.linear = linear;
  paths.stepped = stepped;
  paths.bars = bars;
  paths.spline = monotoneCubic;
}

// dom.js
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== void 0) node.textContent = props.text;
  for (const [key, value] of Object.entries(props.attrs ?? {})) node.setAttribute(key, value);
  Object.assign(node.dataset, props.dataset ?? {});
  for (const [event, listener] of Object.entries(props.on ?? {})) node.addEventListener(event, listener);
  for (const child of children) {
    if (child !== null && child !== void 0) node.append(child);
  }
  return node;
}
function swatch(color) {
  const node = el("span", { className: "cs-swatch", attrs: { "aria-hidden": "true" } });
  node.style.background = color;
  return node;
}
function observeWidth(element, onWidth) {
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
function sizeCanvas(canvas, width, height) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

// format.js
var MISSING = "\u2013";
var grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
function isNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}
function trimZeros(text) {
  if (!text.includes(".")) return text;
  return text.replace(/(\.\d*?)0+(?=$|e)/, "$1").replace(/\.(?=$|e)/, "");
}
function formatNumber(v, digits = 4) {
  if (!isNumber(v)) return MISSING;
  if (v === 0) return "0";
  const magnitude = Math.abs(v);
  if (magnitude >= 1e-3 && magnitude < 10 ** digits) {
    return trimZeros(v.toPrecision(digits));
  }
  return trimZeros(v.toExponential(digits - 1)).replace("e+", "e");
}
var formatLR = (v) => formatNumber(v, 4);
function formatStep(v) {
  if (!isNumber(v)) return MISSING;
  const rounded = Math.round(v);
  return Math.abs(rounded) >= 1e4 ? grouped.format(rounded) : String(rounded);
}
function formatEpoch(v) {
  if (!isNumber(v)) return MISSING;
  return trimZeros(v.toFixed(2));
}
function formatPercent(share) {
  if (!isNumber(share)) return MISSING;
  if (share === 0) return "0%";
  const pct = share * 100;
  if (Math.abs(pct) < 0.1) return "<0.1%";
  return `${trimZeros(pct.toFixed(Math.abs(pct) < 10 ? 1 : 0))}%`;
}
function formatCount(v) {
  return isNumber(v) ? grouped.format(v) : MISSING;
}

// phases.js
function phaseBands(phases, toX, min2, max2) {
  const bands = [];
  (phases ?? []).forEach((p, index) => {
    if (!Number.isFinite(p.start) || !Number.isFinite(p.end)) return;
    const x0 = Math.max(toX(p.start), min2);
    const x1 = Math.min(toX(p.end), max2);
    if (x1 > x0) bands.push({ index, cycle: p.cycle, phase: p.phase, x0, x1 });
  });
  return bands;
}
function cycleBoundaries(cycles, toX, min2, max2) {
  const xs = /* @__PURE__ */ new Set();
  for (const c of cycles ?? []) {
    for (const step of [c.start, c.end]) {
      if (!Number.isFinite(step)) continue;
      const x = toX(step);
      if (x >= min2 && x <= max2) xs.add(x);
    }
  }
  return [...xs].sort((a, b) => a - b);
}
function phaseAt(phases, toX, x) {
  for (const p of phases ?? []) {
    if (x >= toX(p.start) && x < toX(p.end)) return p;
  }
  return null;
}

// chartkit.js
var LEFT_AXIS = 64;
var RIGHT_AXIS = 52;
var LABEL_SIZE = 16;
function axisStyle(theme) {
  return {
    stroke: theme.axis,
    font: `11px ${theme.font}`,
    labelFont: `12px ${theme.font}`,
    labelSize: LABEL_SIZE,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 }
  };
}
function xAxis(theme, mode) {
  const format = mode === "epoch" ? formatEpoch : formatStep;
  return {
    ...axisStyle(theme),
    scale: "x",
    label: mode,
    size: 24,
    labelGap: 0,
    space: 60,
    values: (u, splits) => splits.map(format)
  };
}
function yAxis(theme, { scale, label, format, side = 3, grid: grid2 = true }) {
  const style = axisStyle(theme);
  return {
    ...style,
    scale,
    side,
    label,
    size: side === 3 ? LEFT_AXIS : RIGHT_AXIS,
    grid: { ...style.grid, show: grid2 },
    // A log axis hands over null for the ticks it leaves unlabelled.
    values: (u, splits) => splits.map((v) => v === null ? "" : format(v))
  };
}
function rightGutter(scale) {
  return {
    scale,
    side: 1,
    size: RIGHT_AXIS,
    labelSize: LABEL_SIZE,
    label: "",
    values: (u, splits) => splits.map(() => ""),
    grid: { show: false },
    ticks: { show: false }
  };
}
function drawPhaseBackdrop(u, focus, theme) {
  const { min: min2, max: max2 } = u.scales.x;
  if (!focus || !Number.isFinite(min2) || !Number.isFinite(max2)) return;
  const { ctx, bbox } = u;
  const px = (x) => u.valToPos(x, "x", true);
  const tint = (band) => {
    if (band.phase === "rising") return theme.bandRising;
    if (band.phase === "falling") return theme.bandFalling;
    if (band.phase === "cosine") return band.index % 2 ? theme.bandRising : theme.bandFalling;
    return null;
  };
  clipToPlot(u);
  for (const band of phaseBands(focus.phases, focus.toX, min2, max2)) {
    const fill = tint(band);
    if (!fill) continue;
    ctx.fillStyle = fill;
    const x0 = px(band.x0);
    ctx.fillRect(x0, bbox.top, px(band.x1) - x0, bbox.height);
  }
  const ratio = uPlot.pxRatio;
  ctx.strokeStyle = theme.boundary;
  ctx.lineWidth = ratio;
  ctx.setLineDash([4 * ratio, 4 * ratio]);
  ctx.beginPath();
  for (const x of cycleBoundaries(focus.cycles, focus.toX, min2, max2)) {
    const p = Math.round(px(x)) + 0.5;
    ctx.moveTo(p, bbox.top);
    ctx.lineTo(p, bbox.top + bbox.height);
  }
  ctx.stroke();
  ctx.restore();
}
function cursorX(u) {
  const left = u.cursor.left;
  if (left === void 0 || left === null || left < 0) return null;
  return u.posToVal(left, "x");
}
function exposeXRange(container) {
  return (u, key) => {
    if (key === "x") container.dataset.xRange = `${u.scales.x.min},${u.scales.x.max}`;
  };
}
var ChartView = class {
  constructor(height) {
    this.height = height;
    this.container = el("div", { className: "cs-chart" });
    this.plot = null;
  }
  /** Called by the app's ResizeObserver with the container's new width. */
  resize(width) {
    if (this.plot) this.plot.setSize({ width, height: this.height });
    else this.rebuild();
  }
  destroy() {
    this.plot?.destroy();
    this.plot = null;
  }
  /** Destroys the old plot and returns the width to draw at: 0 while the
   * tab is hidden, and then `resize()` builds the chart when it shows. */
  drawingWidth() {
    this.destroy();
    return this.container.clientWidth;
  }
};
function clipToPlot(u) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
}

// series.js
function alignSeries(series) {
  const xs = /* @__PURE__ */ new Set();
  for (const s of series) for (const x of s.x) if (Number.isFinite(x)) xs.add(x);
  const sorted = Float64Array.from(xs).sort();
  const index = /* @__PURE__ */ new Map();
  sorted.forEach((x, i) => index.set(x, i));
  const columns = series.map((s) => {
    const col = new Array(sorted.length).fill(null);
    s.x.forEach((x, i) => {
      if (index.has(x)) col[index.get(x)] = Number.isFinite(s.y[i]) ? s.y[i] : null;
    });
    return col;
  });
  return [Array.from(sorted), ...columns];
}
function floorIndex(xs, target) {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    if (xs[mid] <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
function valueAt(xs, ys, x) {
  if (!Number.isFinite(x) || xs.length === 0) return null;
  const i = floorIndex(xs, x);
  if (i < 0) return null;
  if (xs[i] === x) return Number.isFinite(ys[i]) ? ys[i] : null;
  if (i === xs.length - 1) return null;
  const [y0, y1] = [ys[i], ys[i + 1]];
  if (!Number.isFinite(y0) || !Number.isFinite(y1)) return null;
  return y0 + (y1 - y0) * (x - xs[i]) / (xs[i + 1] - xs[i]);
}
function stepValueAt(xs, ys, x) {
  if (!Number.isFinite(x) || xs.length === 0 || x > xs[xs.length - 1]) return null;
  const i = floorIndex(xs, x);
  return i >= 0 && Number.isFinite(ys[i]) ? ys[i] : null;
}
function nearestIndex(xs, x) {
  if (xs.length === 0 || !Number.isFinite(x)) return -1;
  const i = floorIndex(xs, x);
  if (i < 0) return 0;
  if (i === xs.length - 1) return i;
  return x - xs[i] <= xs[i + 1] - x ? i : i + 1;
}
function positiveOnly(ys) {
  return ys.map((y) => Number.isFinite(y) && y > 0 ? y : null);
}
function extent(...arrays) {
  let min2 = Infinity;
  let max2 = -Infinity;
  for (const arr of arrays) {
    for (const v of arr) {
      if (Number.isFinite(v)) {
        if (v < min2) min2 = v;
        if (v > max2) max2 = v;
      }
    }
  }
  return min2 <= max2 ? [min2, max2] : null;
}

// snapshotmetrics.js
var LR_KEYS = /* @__PURE__ */ new Set(["learning_rate", "lr"]);
var TOLERANCE = 1e-6;
function repeatsLr(snapshot, key) {
  const value = snapshot.metrics?.[key];
  if (value === void 0) return true;
  const lr = snapshot.lr;
  return Number.isFinite(value) && Number.isFinite(lr) && Math.abs(value - lr) <= TOLERANCE * Math.abs(lr);
}
function metricKeys(snapshots) {
  const keys = /* @__PURE__ */ new Set();
  for (const s of snapshots) for (const key of Object.keys(s.metrics ?? {})) keys.add(key);
  return [...keys].filter((key) => !(LR_KEYS.has(key) && snapshots.every((s) => repeatsLr(s, key))));
}

// tooltips.js
function checkLabel(check) {
  const parts = [`step ${formatStep(check.step)}`];
  if (Number.isFinite(check.epoch)) parts.push(`epoch ${check.epoch}`);
  return parts.join(" \xB7 ");
}
function snapshotTooltip(snapshot, runName) {
  const rows = [
    ["run", runName],
    ["epoch", Number.isFinite(snapshot.epoch) ? String(snapshot.epoch) : "\u2013"],
    ["step", formatStep(snapshot.step)],
    ["LR", formatLR(snapshot.lr)]
  ];
  for (const key of metricKeys([snapshot])) rows.push([key, formatNumber(snapshot.metrics[key])]);
  if (snapshot.file) rows.push(["file", snapshot.file]);
  return { title: `Snapshot ${snapshot.index}`, badge: snapshot.best ? "best" : null, rows };
}
function heatCellTooltip(layer, check, dead, fraction) {
  const value = dead === null || dead === void 0 ? "not present at this check" : `${dead} / ${layer.units} (${formatPercent(fraction)})`;
  const rows = [
    ["check", checkLabel(check)],
    ["dead units", value]
  ];
  if (Number.isFinite(check.probe_samples)) rows.push(["probe samples", String(check.probe_samples)]);
  return { title: layer.name, badge: null, rows };
}
function bucketTooltip(layerName, check, bucket, total) {
  const [left, right, count] = bucket;
  const share = total > 0 ? count / total : null;
  return {
    title: layerName,
    badge: null,
    rows: [
      ["check", checkLabel(check)],
      ["firing rate", `${formatNumber(left, 2)} \u2013 ${formatNumber(right, 2)}`],
      ["units", share === null ? String(count) : `${count} (${formatPercent(share)})`]
    ]
  };
}
function xLabel(x, mode) {
  return mode === "epoch" ? `epoch ${formatEpoch(x)}` : `step ${formatStep(x)}`;
}
function ensembleTooltip(ensemble, runName) {
  const rows = [
    ["run", runName],
    ["step", formatStep(ensemble.step)]
  ];
  for (const [key, value] of Object.entries(ensemble.metrics ?? {})) rows.push([key, formatNumber(value)]);
  if (Number.isFinite(ensemble.samples)) rows.push(["samples", String(ensemble.samples)]);
  (ensemble.members ?? []).forEach((member, i) => rows.push([`member ${i + 1}`, member ?? "\u2013"]));
  return { title: `Ensemble of ${ensemble.members?.length ?? 0}`, badge: null, rows };
}

// deadchart.js
var HEIGHT2 = 190;
var LEGEND_LAYERS = 8;
var DeadChart = class extends ChartView {
  /**
   * @param {{xsync: import("./xsync.js").XAxisSync, onSelectLayer: (path: string) => void}} deps
   */
  constructor({ xsync, onSelectLayer }) {
    super(HEIGHT2);
    this.xsync = xsync;
    this.onSelectLayer = onSelectLayer;
    this.legend = el("div", { className: "cs-legend" });
    this.node = el("div", {}, this.legend, this.container);
    this.model = null;
  }
  /**
   * @param {{theme: object, xMode: string, xs: (number|null)[], checks: object[],
   *          layers: DeadLayer[], selected: string|null, threshold: number|null,
   *          focus: object|null, gutter: boolean}} model
   */
  update(model) {
    this.model = model;
    this.order = checkOrder(model.xs);
    this.sortedXs = this.order.map((i) => model.xs[i]);
    this.rebuild();
  }
  rebuild() {
    const width = this.drawingWidth();
    const m = this.model;
    if (!m || width <= 0) return;
    const theme = m.theme;
    const data = alignSeries(m.layers.map((layer) => ({ x: m.xs, y: layer.fractions })));
    const highest = extent(...m.layers.map((layer) => layer.fractions))?.[1] ?? 0;
    const axes = [
      xAxis(theme, m.xMode),
      yAxis(theme, { scale: "frac", label: "dead units", format: formatPercent })
    ];
    if (m.gutter) axes.push(rightGutter("frac"));
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT2,
        series: [
          {},
          ...m.layers.map((layer) => {
            const selected = layer.path === m.selected;
            const crowded = m.layers.length > LEGEND_LAYERS && !selected;
            return {
              label: layer.name,
              scale: "frac",
              stroke: crowded ? withAlpha(layer.color, 0.35) : layer.color,
              width: selected ? 2.5 : crowded ? 1 : 1.25,
              points: { show: !crowded, size: selected ? 7 : 5, fill: layer.color }
            };
          })
        ],
        axes,
        // The y range covers every check, not just the zoomed ones, so that
        // lines leaving the window are not clipped and zooming keeps the scale.
        scales: { x: { time: false }, frac: { range: () => fractionRange(highest, m.threshold) } },
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: true, y: false } },
        plugins: [this.xsync.plugin()],
        hooks: {
          drawClear: [(u) => drawPhaseBackdrop(u, m.focus, theme)],
          draw: [(u) => this.drawThreshold(u)],
          setScale: [exposeXRange(this.container)],
          setCursor: [(u) => this.renderLegend(cursorX(u))]
        }
      },
      data,
      this.container
    );
    this.renderLegend(null);
  }
  /** The warning threshold (DeadReluDetector's dead_neurons_share_threshold). */
  drawThreshold(u) {
    const threshold = this.model.threshold;
    if (!Number.isFinite(threshold)) return;
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    const y = Math.round(u.valToPos(threshold, "frac", true)) + 0.5;
    ctx.save();
    ctx.strokeStyle = this.model.theme.threshold;
    ctx.fillStyle = this.model.theme.threshold;
    ctx.lineWidth = ratio;
    ctx.setLineDash([6 * ratio, 4 * ratio]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.font = `${11 * ratio}px ${this.model.theme.font}`;
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(`threshold ${formatPercent(threshold)}`, bbox.left + bbox.width - 4 * ratio, y - 2 * ratio);
    ctx.restore();
  }
  /**
   * Each layer's dead share at the check nearest the cursor (the latest
   * check when the cursor is elsewhere). Deep models list only the chosen
   * layer and the most dead ones there.
   */
  renderLegend(x) {
    const m = this.model;
    const nearest = x === null ? -1 : nearestIndex(this.sortedXs, x);
    const column = nearest >= 0 ? this.order[nearest] : -1;
    const check = column >= 0 ? m.checks[column] : null;
    const shareAt = (layer) => (column >= 0 ? layer.fractions[column] : latest(layer.fractions)) ?? -1;
    let layers = m.layers;
    if (layers.length > LEGEND_LAYERS) {
      const top = [...layers].sort((a, b) => shareAt(b) - shareAt(a)).slice(0, LEGEND_LAYERS);
      layers = layers.filter((l) => top.includes(l) || l.path === m.selected);
    }
    const items = layers.map(
      (layer) => el(
        "button",
        {
          className: `cs-legend-item${layer.path === m.selected ? " cs-active" : ""}`,
          attrs: { type: "button", title: `Show the firing rates of ${layer.name}` },
          on: { click: () => this.onSelectLayer(layer.path) }
        },
        swatch(layer.color),
        el("span", { className: "cs-runname", text: layer.name }),
        column >= 0 ? el("b", { text: formatPercent(layer.fractions[column]) }) : null
      )
    );
    const hidden = m.layers.length - layers.length;
    if (hidden > 0) items.push(el("span", { className: "cs-note", text: `+${hidden} more layers` }));
    const label = check ? checkLabel(check) : "hover for values";
    this.legend.replaceChildren(el("span", { className: "cs-legend-x", text: label }), ...items);
  }
};
function latest(values) {
  return values.filter(Number.isFinite).at(-1) ?? null;
}
function checkOrder(xs) {
  return xs.map((x, i) => [x, i]).filter(([x]) => Number.isFinite(x)).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
}
function fractionRange(max2, threshold) {
  const top = Math.max(max2, Number.isFinite(threshold) ? threshold : 0, 0.05);
  return [0, Math.min(1, top * 1.15)];
}

// epochs.js
function knots(table) {
  const steps2 = table?.step ?? [];
  const epochs = table?.epoch ?? [];
  const byEpoch = /* @__PURE__ */ new Map();
  for (let i = 0; i < Math.min(steps2.length, epochs.length); i++) {
    if (Number.isFinite(steps2[i]) && Number.isFinite(epochs[i])) {
      byEpoch.set(epochs[i], steps2[i]);
    }
  }
  const pairs = [...byEpoch].map(([epoch, step]) => ({ step, epoch }));
  pairs.sort((a, b) => a.epoch - b.epoch);
  const out = [];
  for (const p of pairs) {
    if (out.length === 0 || p.step > out[out.length - 1].step) out.push(p);
  }
  return out;
}
function piecewise(points2, slopeBefore, slopeAfter) {
  const n = points2.length;
  return (a) => {
    if (a <= points2[0].a) return points2[0].b + (a - points2[0].a) * slopeBefore;
    if (a >= points2[n - 1].a) return points2[n - 1].b + (a - points2[n - 1].a) * slopeAfter;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = lo + hi >> 1;
      if (points2[mid].a <= a) lo = mid;
      else hi = mid;
    }
    const p = points2[lo];
    const q = points2[hi];
    return p.b + (a - p.a) * (q.b - p.b) / (q.a - p.a);
  };
}
function makeEpochScale(table, stepsPerEpoch) {
  const spe = Number.isFinite(stepsPerEpoch) && stepsPerEpoch > 0 ? stepsPerEpoch : null;
  let pts = knots(table);
  if (pts.length === 0) {
    if (spe === null) return null;
    pts = [{ step: 0, epoch: 0 }];
  }
  if (pts.length === 1 && spe === null) return null;
  const n = pts.length;
  const first = spe ?? (pts[1].step - pts[0].step) / (pts[1].epoch - pts[0].epoch);
  const last = spe ?? (pts[n - 1].step - pts[n - 2].step) / (pts[n - 1].epoch - pts[n - 2].epoch);
  const toEpoch = piecewise(
    pts.map((p) => ({ a: p.step, b: p.epoch })),
    1 / first,
    1 / last
  );
  const toStep = piecewise(
    pts.map((p) => ({ a: p.epoch, b: p.step })),
    first,
    last
  );
  return { toEpoch, toStep };
}

// heatmap.js
var ROW_HEIGHT = 24;
var SLIM_ROW_HEIGHT = 16;
var SLIM_FROM_LAYERS = 17;
var AXIS_HEIGHT = 18;
var GAP = 2;
var LABELLED_CELL = 34;
var Heatmap = class {
  /**
   * @param {{hovercard: import("./hovercard.js").HoverCard, onSelectLayer: (path: string) => void}} deps
   */
  constructor({ hovercard, onSelectLayer }) {
    this.hovercard = hovercard;
    this.onSelectLayer = onSelectLayer;
    this.labels = el("div", { className: "cs-heatmap-labels" });
    this.canvas = el("canvas", { attrs: { role: "img" } });
    this.node = el("div", { className: "cs-heatmap" }, this.labels, el("div", {}, this.canvas));
    this.scaleCanvas = el("canvas", { attrs: { "aria-hidden": "true" } });
    this.scale = el(
      "div",
      { className: "cs-heatscale" },
      el("span", { text: "dead units" }),
      this.scaleCanvas
    );
    this.root = el("div", {}, this.node, this.scale);
    this.model = null;
    this.canvas.addEventListener("mousemove", (e) => this.onHover(e));
    this.canvas.addEventListener("mouseleave", () => this.hovercard.hide());
    this.canvas.addEventListener("click", (e) => {
      const cell = this.cellAt(e);
      if (cell) this.onSelectLayer(this.model.layers[cell.row].path);
    });
  }
  /**
   * @param {{theme: object, layers: object[], checks: object[], dead: any[][],
   *          fraction: any[][], threshold: number|null, selected: string|null}} model
   */
  update(model) {
    this.model = model;
    this.rowHeight = model.layers.length >= SLIM_FROM_LAYERS ? SLIM_ROW_HEIGHT : ROW_HEIGHT;
    this.node.dataset.layers = String(model.layers.length);
    this.node.dataset.checks = String(model.checks.length);
    this.canvas.setAttribute(
      "aria-label",
      `Dead units of ${model.layers.length} layers at ${model.checks.length} checks`
    );
    this.labels.replaceChildren(
      ...model.layers.map((layer) => {
        const button = el(
          "button",
          {
            className: `cs-layer${layer.path === model.selected ? " cs-selected" : ""}`,
            attrs: { type: "button", title: `${layer.path} \xB7 ${layer.units} units \xB7 #${layer.index}` },
            on: { click: () => this.onSelectLayer(layer.path) }
          },
          el("span", { text: layer.name })
        );
        button.style.height = `${this.rowHeight}px`;
        return button;
      })
    );
    this.draw();
  }
  /** Redraws at the canvas's current CSS width (call after a resize). */
  draw() {
    const m = this.model;
    const width = this.canvas.clientWidth;
    if (!m || width <= 0) return;
    const rowHeight = this.rowHeight;
    const ctx = sizeCanvas(this.canvas, width, m.layers.length * rowHeight + AXIS_HEIGHT);
    const cellWidth = width / Math.max(1, m.checks.length);
    const gap = cellWidth >= 8 ? GAP : 0;
    const w = Math.max(1, cellWidth - gap);
    const h = rowHeight - GAP;
    ctx.font = `11px ${m.theme.font}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    m.layers.forEach((layer, row) => {
      const y = row * rowHeight;
      m.checks.forEach((check, col) => {
        const x = col * cellWidth;
        const fraction = m.fraction[row]?.[col];
        if (!Number.isFinite(fraction)) {
          hatch(ctx, x, y, w, h, m.theme.muted);
          return;
        }
        const fill = scaleColor(heatPosition(fraction), m.theme.heat);
        ctx.fillStyle = fill;
        ctx.fillRect(x, y, w, h);
        if (cellWidth >= LABELLED_CELL && rowHeight === ROW_HEIGHT) {
          ctx.fillStyle = readableOn(fill);
          ctx.fillText(formatPercent(fraction), x + w / 2, y + h / 2 + 0.5);
        }
      });
      if (layer.path === m.selected) {
        ctx.strokeStyle = m.theme.accent;
        ctx.lineWidth = 2;
        ctx.strokeRect(1, y + 1, width - gap - 1, h - 2);
      }
    });
    this.drawAxis(ctx, cellWidth, m.layers.length * rowHeight);
    this.drawScale();
  }
  /** Column labels: the epoch of each check (or its step), thinned to fit. */
  drawAxis(ctx, cellWidth, top) {
    const m = this.model;
    const n = m.checks.length;
    const every = Math.ceil(52 / cellWidth);
    const labelled = (col) => col % every === 0 || col === n - 1 && col % every * cellWidth >= 40;
    const width = n * cellWidth;
    ctx.fillStyle = m.theme.muted;
    ctx.textBaseline = "top";
    m.checks.forEach((check, col) => {
      if (!labelled(col)) return;
      const text = Number.isFinite(check.epoch) ? `ep ${check.epoch}` : `${check.step}`;
      const half = ctx.measureText(text).width / 2;
      const x = Math.min(Math.max(col * cellWidth + cellWidth / 2, half), width - half);
      ctx.textAlign = "center";
      ctx.fillText(text, x, top + 4);
    });
  }
  /** The colour legend, with ticks where the square-root scale puts them. */
  drawScale() {
    const m = this.model;
    const width = 180;
    const barHeight = 8;
    const ctx = sizeCanvas(this.scaleCanvas, width, 22);
    for (let x = 0; x < width; x++) {
      ctx.fillStyle = scaleColor(x / (width - 1), m.theme.heat);
      ctx.fillRect(x, 0, 1, barHeight);
    }
    ctx.font = `10px ${m.theme.font}`;
    ctx.textBaseline = "top";
    const ticks2 = [0, 0.1, 0.25, 0.5, 1];
    if (Number.isFinite(m.threshold) && !ticks2.includes(m.threshold)) ticks2.push(m.threshold);
    for (const t of ticks2) {
      const x = heatPosition(t) * (width - 1);
      ctx.fillStyle = t === m.threshold ? m.theme.threshold : m.theme.muted;
      ctx.fillRect(Math.round(x), 0, 1, barHeight + 2);
      ctx.textAlign = x < 10 ? "left" : x > width - 14 ? "right" : "center";
      ctx.fillText(formatPercent(t), x, barHeight + 3);
    }
  }
  cellAt(event) {
    const m = this.model;
    if (!m || m.checks.length === 0) return null;
    const rect2 = this.canvas.getBoundingClientRect();
    const col = Math.floor((event.clientX - rect2.left) / rect2.width * m.checks.length);
    const row = Math.floor((event.clientY - rect2.top) / this.rowHeight);
    if (row < 0 || row >= m.layers.length || col < 0 || col >= m.checks.length) return null;
    return { row, col };
  }
  onHover(event) {
    const cell = this.cellAt(event);
    this.canvas.style.cursor = cell ? "pointer" : "default";
    if (!cell) {
      this.hovercard.hide();
      return;
    }
    const m = this.model;
    const tip = heatCellTooltip(
      m.layers[cell.row],
      m.checks[cell.col],
      m.dead[cell.row]?.[cell.col] ?? null,
      m.fraction[cell.row]?.[cell.col] ?? null
    );
    this.hovercard.show(tip, event.clientX, event.clientY);
  }
};
function hatch(ctx, x, y, w, h, color) {
  ctx.save();
  ctx.globalAlpha = 0.35;
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 6) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}
function readableOn(fill) {
  const [r, g, b] = parseColor(fill) ?? [255, 255, 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#202124" : "#ffffff";
}

// hovercard.js
var OFFSET = 14;
var HoverCard = class {
  constructor() {
    this.node = el("div", { className: "cs-hovercard", attrs: { role: "tooltip" } });
    this.node.hidden = true;
  }
  /** Shows `tip` next to the viewport point (x, y), kept inside the viewport. */
  show(tip, x, y) {
    const title = el("div", { className: "cs-hovercard-title" }, el("span", { text: tip.title }));
    if (tip.badge) title.append(el("span", { className: "cs-badge", text: tip.badge }));
    const rows = tip.rows.map(
      ([label, value]) => el("tr", {}, el("td", { text: label }), el("td", { text: value }))
    );
    this.node.replaceChildren(title, el("table", {}, el("tbody", {}, ...rows)));
    this.node.hidden = false;
    const { width, height } = this.node.getBoundingClientRect();
    const left = x + OFFSET + width > innerWidth ? x - OFFSET - width : x + OFFSET;
    const top = y + OFFSET + height > innerHeight ? y - OFFSET - height : y + OFFSET;
    this.node.style.left = `${Math.max(4, left)}px`;
    this.node.style.top = `${Math.max(4, top)}px`;
  }
  hide() {
    this.node.hidden = true;
  }
};

// ipc.js
var DATA_RELOADED = "experimental.DataReloaded";
function handleHostMessage(raw, handlers) {
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
function connectToHost(onDataReloaded) {
  if (window.parent === window) return;
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    const reply = handleHostMessage(event.data, { [DATA_RELOADED]: onDataReloaded });
    if (reply !== null) channel.port1.postMessage(reply);
  };
  window.parent.postMessage("experimental.bootstrap", "*", [channel.port2]);
}

// selection.js
var DEFAULT_SELECTION_SIZE = 5;
function defaultSelection(runs, limit = DEFAULT_SELECTION_SIZE) {
  const withLr = runs.filter((r) => r.lr);
  const ranked = [...withLr.filter((r) => r.schedule), ...withLr.filter((r) => !r.schedule)];
  if (ranked.length > 0) return ranked.slice(0, limit).map((r) => r.run);
  const withRelu = runs.find((r) => r.dead_relu_layers > 0);
  return withRelu ? [withRelu.run] : [];
}
function matchesFilter(name, query2) {
  const lower = name.toLowerCase();
  return query2.toLowerCase().split(/\s+/).filter(Boolean).every((term) => lower.includes(term));
}
function filterRuns(runs, query2) {
  return runs.filter((r) => matchesFilter(r.run, query2));
}
function toggleRun(runs, selected, name, on2) {
  return toggleRuns(runs, selected, [name], on2);
}
function toggleRuns(runs, selected, names, on2) {
  const set = new Set(selected);
  for (const name of names) {
    if (on2) set.add(name);
    else set.delete(name);
  }
  return runs.map((r) => r.run).filter((n) => set.has(n));
}
function reconcileSelection(runs, selected, focused) {
  const before = new Set(selected ?? []);
  let kept = runs.map((r) => r.run).filter((n) => before.has(n));
  if (selected === null || selected.length > 0 && kept.length === 0) {
    kept = defaultSelection(runs);
  }
  return { selected: kept, focused: kept.includes(focused) ? focused : kept[0] ?? null };
}
function chooseLayer(relu, wanted) {
  const chosen = relu.layers.find((l) => l.path === wanted);
  if (chosen) return chosen;
  let best = relu.layers[0] ?? null;
  let bestShare = -1;
  relu.layers.forEach((layer, i) => {
    const latest2 = (relu.fraction[i] ?? []).filter(Number.isFinite).at(-1) ?? -1;
    if (latest2 > bestShare) [best, bestShare] = [layer, latest2];
  });
  return best;
}

// loadplan.js
var NONE = { data: null, error: null };
var PENDING = Object.freeze({ data: null, error: null, pending: true });
var REDRAW_INTERVAL_MS = 250;
var REDRAW_COST_FACTOR = 4;
function planLoads({ runs, focus, showLoss, layer: wanted }, load) {
  let waiting = 0;
  const track = (request, pending = PENDING) => {
    if (typeof request.then !== "function") return { value: request, promise: Promise.resolve(request) };
    waiting += 1;
    const slot = { value: pending };
    slot.promise = Promise.resolve(request).then((value) => {
      slot.value = value;
      waiting -= 1;
      return value;
    });
    return slot;
  };
  const lrOf = (r, priority) => track(r.lr ? load("lr", [r.run], priority) : NONE);
  const lossOf = (r, priority) => track(showLoss && r.loss ? load("loss", [r.run], priority) : NONE);
  const lr = /* @__PURE__ */ new Map();
  const loss = /* @__PURE__ */ new Map();
  const deadRelu = track(focus?.dead_relu_layers > 0 ? load("deadRelu", [focus.run], "high") : NONE);
  const shown = track(
    deadRelu.promise.then(async (relu) => {
      const layer = relu.data ? chooseLayer(relu.data, wanted) : null;
      return { layer, histograms: layer ? await load("histograms", [focus.run, layer.path], "high") : NONE };
    }),
    { layer: null, histograms: PENDING }
  );
  if (runs.includes(focus)) {
    lr.set(focus, lrOf(focus, "high"));
    loss.set(focus, lossOf(focus, "high"));
  }
  const rangeTest = track(focus?.lr_range_test ? load("rangeTest", [focus.run], "high") : NONE);
  const others = runs.filter((r) => r !== focus);
  for (const r of others) lr.set(r, lrOf(r, "low"));
  for (const r of others) loss.set(r, lossOf(r, "low"));
  const current = () => ({
    runs,
    focus,
    lr: runs.map((r) => lr.get(r).value),
    loss: runs.map((r) => loss.get(r).value),
    deadRelu: deadRelu.value,
    ...shown.value,
    rangeTest: rangeTest.value
  });
  const focusSlots = [deadRelu, shown, rangeTest, lr.get(focus), loss.get(focus)].filter(Boolean);
  const all = [deadRelu, shown, rangeTest, ...lr.values(), ...loss.values()];
  return {
    done: Promise.all(all.map((s) => s.promise)).then(current),
    focusDone: Promise.all(focusSlots.map((s) => s.promise)).then(current),
    current,
    waiting: () => waiting
  };
}
var delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function drawAsLoaded(plan, draw, { stale, interval = REDRAW_INTERVAL_MS, wait = delay, now = () => performance.now() }) {
  await plan.focusDone;
  if (plan.waiting() > 0) await Promise.race([plan.done, wait(interval)]);
  let drawnWaiting = null;
  let pause = interval;
  while (plan.waiting() > 0) {
    if (stale()) return false;
    if (plan.waiting() !== drawnWaiting) {
      drawnWaiting = plan.waiting();
      const start = now();
      draw(plan.current());
      pause = Math.max(interval, REDRAW_COST_FACTOR * (now() - start));
    }
    await Promise.race([plan.done, wait(pause)]);
  }
  const loaded = await plan.done;
  if (stale()) return false;
  draw(loaded);
  return true;
}

// axisscale.js
var LR_PEAK_RATIO = 10;
var LOSS_SPAN_RATIO = 100;
function positivePeak(values) {
  let peak = null;
  for (const v of values) if (Number.isFinite(v) && v > 0 && (peak === null || v > peak)) peak = v;
  return peak;
}
function peakRatio(seriesList) {
  const peaks = seriesList.map(positivePeak).filter((p) => p !== null);
  return peaks.length < 2 ? 1 : Math.max(...peaks) / Math.min(...peaks);
}
function lrScale(seriesList, choice) {
  const ratio = peakRatio(seriesList);
  const auto = choice === null || choice === void 0;
  return { log: auto ? ratio > LR_PEAK_RATIO : choice, auto, ratio };
}
function describeLrScale({ log, auto, ratio }) {
  const what = "Logarithmic learning-rate axis";
  if (!auto) return `${what} (your choice, kept until the page is reloaded)`;
  if (log) return `${what}: on by default, the runs' peak LRs differ ${formatNumber(ratio, 2)}\xD7`;
  return `${what}: on by default when the runs' peak LRs differ more than ${LR_PEAK_RATIO}\xD7`;
}
function lossIsLog(seriesList) {
  let min2 = Infinity;
  let max2 = -Infinity;
  for (const values of seriesList) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (v <= 0) return false;
      min2 = Math.min(min2, v);
      max2 = Math.max(max2, v);
    }
  }
  return min2 <= max2 && max2 / min2 > LOSS_SPAN_RATIO;
}
var SLACK = 1e-6;
function oneDigit(v, round2) {
  const exponent = Math.floor(Math.log10(v));
  const slack = round2 === Math.floor ? 1 + SLACK : 1 - SLACK;
  const digit = round2(v * 10 ** -exponent * slack);
  return exponent < 0 ? digit / 10 ** -exponent : digit * 10 ** exponent;
}
function logRange(min2, max2) {
  if (!(min2 > 0 && max2 > 0)) return [1e-3, 1];
  if (min2 === max2) return [oneDigit(min2 / 2, Math.floor), oneDigit(max2 * 2, Math.ceil)];
  return [oneDigit(min2, Math.floor), oneDigit(max2, Math.ceil)];
}

// phasenames.js
var ONE_CYCLE = { rising: "warm-up", falling: "annealing", flat: "after the cycle" };
var isOneCycle = (schedule) => schedule?.type === "one_cycle";
function phaseLabels(schedule, phases) {
  if (!isOneCycle(schedule)) return (phases ?? []).map((p) => p.phase);
  let falling = 0;
  return phases.map((p) => {
    if (p.phase !== "falling") return ONE_CYCLE[p.phase] ?? p.phase;
    falling += 1;
    return falling > 1 ? "final annealing" : ONE_CYCLE.falling;
  });
}
function phaseTintNames(schedule) {
  return isOneCycle(schedule) ? { rising: ONE_CYCLE.rising, falling: ONE_CYCLE.falling } : { rising: "rising", falling: "falling" };
}

// deaths.js
function deathEvents(relu, toX, colors) {
  const events = [];
  relu.layers.forEach((layer, i) => {
    relu.checks.forEach((check, j) => {
      const died = relu.died?.[i]?.[j];
      if (!(Number.isFinite(died) && died > 0) || !Number.isFinite(check.step)) return;
      const since = Number.isFinite(check.since_step) ? check.since_step : null;
      const revived = relu.revived?.[i]?.[j];
      const x1 = toX ? toX(check.step) : Number.isFinite(check.epoch) ? check.epoch + 1 : null;
      if (!Number.isFinite(x1)) return;
      events.push({
        layer,
        color: colors[i % colors.length],
        died,
        revived: Number.isFinite(revived) ? revived : 0,
        since,
        step: check.step,
        x0: since !== null && toX ? toX(since) : x1,
        x1
      });
    });
  });
  return events;
}
function markRadius(count) {
  return Math.min(14, 3 + 1.5 * Math.sqrt(Math.max(0, count)));
}
var steps = (e) => e.since === null ? `step ${formatStep(e.step)}` : `steps ${formatStep(e.since)}\u2013${formatStep(e.step)}`;
function deathTooltip(e) {
  return {
    title: e.layer.name,
    badge: null,
    rows: [
      ["died", String(e.died)],
      ["revived", String(e.revived)],
      [e.since === null ? "step" : "steps", steps(e).replace(/^steps? /, "")]
    ]
  };
}
function phaseIndex(e, phases) {
  if (e.since === null) return phases.findIndex((p) => p.start <= e.step && e.step < p.end);
  let best = -1;
  let most = 0;
  phases.forEach((p, i) => {
    const overlap = Math.min(p.end, e.step + 1) - Math.max(p.start, e.since);
    if (overlap > most) [best, most] = [i, overlap];
  });
  return best;
}
function deathSentence(events, lr) {
  if (events.length === 0) return null;
  const top = events.reduce((a, e) => e.died > a.died ? e : a);
  const phases = lr?.phases ?? [];
  const i = phaseIndex(top, phases);
  let when = `in ${steps(top)}`;
  if (i >= 0) {
    const name = phaseLabels(lr.schedule, phases)[i];
    when = lr.schedule?.type === "one_cycle" ? `during ${name}` : `in cycle ${phases[i].cycle} (${name})`;
  }
  const units = `${top.died} ${top.died === 1 ? "unit" : "units"}`;
  const revived = top.revived > 0 ? `, ${top.revived} revived` : "";
  const more = events.length - 1;
  const rest = more > 0 ? `; ${more} other death ${more === 1 ? "event" : "events"}` : "";
  return `${top.layer.name}: ${units} died ${when}${revived}${rest}`;
}

// lrchart.js
var HEIGHT3 = 320;
var stepped2 = uPlot.paths.stepped({ align: 1 });
var HIT_RADIUS = 9;
var LOG_SCALE = { distr: 3, log: 10, range: (u, min2, max2) => logRange(min2, max2) };
var LrChart = class extends ChartView {
  /**
   * @param {{hovercard: import("./hovercard.js").HoverCard, xsync: import("./xsync.js").XAxisSync,
   *          onFocus: (run: string) => void}} deps
   */
  constructor({ hovercard, xsync, onFocus }) {
    super(HEIGHT3);
    this.hovercard = hovercard;
    this.xsync = xsync;
    this.onFocus = onFocus;
    this.legend = el("div", { className: "cs-legend" });
    this.node = el("div", {}, this.legend, this.container);
    this.model = null;
    this.hovered = null;
  }
  /**
   * @param {{theme: object, xMode: string, lrScale: {log: boolean}, lossLog: boolean, runs: LrRun[],
   *          focus: object|null, cycles: number, snapshots: number}} model
   */
  update(model) {
    this.model = model;
    this.container.dataset.lrRuns = String(model.runs.length);
    this.container.dataset.cycles = String(model.cycles);
    this.container.dataset.snapshots = String(model.snapshots);
    this.container.dataset.ensembles = String(model.ensembles ?? 0);
    this.container.dataset.deathMarks = String(model.deaths?.length ?? 0);
    this.container.dataset.lrScale = model.lrScale.log ? "log" : "linear";
    this.rebuild();
  }
  rebuild() {
    const width = this.drawingWidth();
    const m = this.model;
    if (!m || m.runs.length === 0 || width <= 0) return;
    this.hovered = null;
    const runs = [...m.runs.filter((r) => !r.focused), ...m.runs.filter((r) => r.focused)];
    const lossRuns = runs.filter((r) => r.loss);
    const logLr = m.lrScale.log;
    const data = alignSeries([
      ...runs.map((r) => ({ x: r.xs, y: logLr ? positiveOnly(r.ys) : r.ys })),
      ...lossRuns.map((r) => ({ x: r.loss.xs, y: r.loss.ys }))
    ]);
    const theme = m.theme;
    const series = [
      {},
      ...runs.map((r) => ({
        label: r.name,
        scale: "lr",
        stroke: r.color,
        width: r.focused ? 2.25 : 1.5,
        spanGaps: true,
        points: { show: false },
        paths: r.stepped ? stepped2 : void 0
      })),
      ...lossRuns.map((r) => ({
        label: `${r.name} loss`,
        scale: "loss",
        stroke: withAlpha(r.color, r.focused ? 0.8 : 0.5),
        width: r.focused ? 1.25 : 1,
        dash: [5, 4],
        spanGaps: true,
        points: { show: false }
      }))
    ];
    const axes = [
      xAxis(theme, m.xMode),
      yAxis(theme, {
        scale: "lr",
        label: logLr ? "learning rate (log)" : "learning rate",
        format: formatLR
      })
    ];
    if (lossRuns.length > 0) {
      axes.push(
        yAxis(theme, {
          scale: "loss",
          label: m.lossLog ? "loss (log)" : "loss",
          side: 1,
          grid: false,
          format: (v) => formatNumber(v, 3)
        })
      );
    }
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT3,
        series,
        axes,
        scales: {
          x: { time: false },
          lr: logLr ? LOG_SCALE : { range: zeroBasedRange },
          loss: m.lossLog ? LOG_SCALE : { range: zeroBasedRange }
        },
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: true, y: false } },
        plugins: [this.xsync.plugin()],
        hooks: {
          drawClear: [(u) => drawPhaseBackdrop(u, m.focus, theme)],
          draw: [(u) => this.drawMarkers(u), (u) => this.drawDeaths(u)],
          setScale: [exposeXRange(this.container)],
          setCursor: [(u) => this.onCursor(u)]
        }
      },
      data,
      this.container
    );
    this.renderLegend(null);
  }
  /**
   * Snapshot markers: dots on each run's curve, a star for the best one,
   * labelled with the validation metric; a diamond for the latest ensemble,
   * labelled above them.
   */
  drawMarkers(u) {
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    clipToPlot(u);
    ctx.font = `${11 * ratio}px ${this.model.theme.font}`;
    ctx.textAlign = "center";
    const label = (text, x, y, lift) => {
      ctx.fillStyle = this.model.theme.fg;
      ctx.strokeStyle = this.model.theme.card;
      ctx.lineWidth = 3 * ratio;
      ctx.lineJoin = "round";
      const half = ctx.measureText(text).width / 2;
      ctx.textAlign = x + half > bbox.left + bbox.width ? "right" : x - half < bbox.left ? "left" : "center";
      ctx.strokeText(text, x, y - lift * ratio);
      ctx.fillText(text, x, y - lift * ratio);
    };
    for (const run of this.model.runs) {
      for (const marker of this.visibleMarkers(u, run, run.ensembles ?? [])) {
        const x = u.valToPos(marker.x, "x", true);
        const y = u.valToPos(marker.y, "lr", true);
        const r = (this.hovered?.marker === marker ? 8 : 6.5) * ratio;
        ctx.lineWidth = 1.5 * ratio;
        ctx.strokeStyle = this.model.theme.card;
        ctx.fillStyle = run.color;
        ctx.beginPath();
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y);
        ctx.lineTo(x, y + r);
        ctx.lineTo(x - r, y);
        ctx.closePath();
        ctx.fill();
        ctx.stroke();
        label(marker.label, x, y, 26);
      }
      for (const marker of this.visibleMarkers(u, run)) {
        if (marker.label) label(marker.label, u.valToPos(marker.x, "x", true), u.valToPos(marker.y, "lr", true), 12);
        const x = u.valToPos(marker.x, "x", true);
        const y = u.valToPos(marker.y, "lr", true);
        const hovered = this.hovered?.marker === marker;
        ctx.lineWidth = 1.5 * ratio;
        ctx.strokeStyle = this.model.theme.card;
        ctx.fillStyle = marker.snapshot.best ? this.model.theme.best : run.color;
        ctx.beginPath();
        if (marker.snapshot.best) star(ctx, x, y, (hovered ? 9 : 7.5) * ratio);
        else ctx.arc(x, y, (hovered ? 6 : 4.5) * ratio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
    ctx.restore();
  }
  /** Where a death mark sits: centred on its span, on the bottom edge of the plot. */
  deathPos(u, e, canvas) {
    const x = (u.valToPos(e.x0, "x", canvas) + u.valToPos(e.x1, "x", canvas)) / 2;
    const bottom = canvas ? u.bbox.top + u.bbox.height : u.bbox.height / uPlot.pxRatio;
    return { x, y: bottom - markRadius(e.died) * (canvas ? uPlot.pxRatio : 1) };
  }
  /** ReLU deaths: a mark per (check, layer) on the x-axis, its span as a bar under it. */
  drawDeaths(u) {
    const deaths = this.model.deaths ?? [];
    if (deaths.length === 0) return;
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    clipToPlot(u);
    const bottom = bbox.top + bbox.height;
    for (const e of deaths) {
      const x0 = u.valToPos(e.x0, "x", true);
      const x1 = u.valToPos(e.x1, "x", true);
      ctx.fillStyle = withAlpha(e.color, 0.45);
      ctx.fillRect(x0, bottom - 3 * ratio, Math.max(x1 - x0, ratio), 3 * ratio);
      const { x, y } = this.deathPos(u, e, true);
      ctx.beginPath();
      ctx.arc(x, y, markRadius(e.died) * ratio * (this.hovered?.death === e ? 1.2 : 1), 0, 2 * Math.PI);
      ctx.fillStyle = withAlpha(e.color, 0.75);
      ctx.strokeStyle = this.model.theme.card;
      ctx.lineWidth = ratio;
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }
  /** The death mark under the cursor, or null. */
  deathAt(u) {
    const { left, top } = u.cursor;
    if (!(left >= 0 && top >= 0)) return null;
    for (const e of this.model.deaths ?? []) {
      const { x, y } = this.deathPos(u, e, false);
      if (Math.hypot(x - left, y - top) <= Math.max(HIT_RADIUS, markRadius(e.died))) return e;
    }
    return null;
  }
  /** Markers of `run` (its snapshots', or `markers`) that can be placed on the current scales. */
  visibleMarkers(u, run, markers = run.markers) {
    const { min: min2, max: max2 } = u.scales.x;
    return markers.filter(
      (m) => Number.isFinite(m.y) && m.x >= min2 && m.x <= max2 && (!this.model.lrScale.log || m.y > 0)
    );
  }
  /** The snapshot marker nearest the cursor within HIT_RADIUS, or null. */
  markerAt(u) {
    const { left, top } = u.cursor;
    if (!(left >= 0 && top >= 0)) return null;
    let best = null;
    for (const run of this.model.runs) {
      for (const marker of [...this.visibleMarkers(u, run), ...this.visibleMarkers(u, run, run.ensembles ?? [])]) {
        const d = Math.hypot(u.valToPos(marker.x, "x") - left, u.valToPos(marker.y, "lr") - top);
        if (d <= HIT_RADIUS && (!best || d < best.distance)) best = { run, marker, distance: d };
      }
    }
    return best;
  }
  onCursor(u) {
    this.renderLegend(cursorX(u));
    const death = this.markerAt(u) ? null : this.deathAt(u);
    const hit = death ? { death } : this.markerAt(u);
    if (hit?.marker !== this.hovered?.marker || hit?.death !== this.hovered?.death) {
      this.hovered = hit;
      u.redraw(false, false);
    }
    if (death) {
      const rect2 = u.over.getBoundingClientRect();
      const { x, y } = this.deathPos(u, death, false);
      this.hovercard.show(deathTooltip(death), rect2.left + x, rect2.top + y);
    } else if (hit) {
      const rect2 = u.over.getBoundingClientRect();
      this.hovercard.show(
        hit.marker.ensemble ? ensembleTooltip(hit.marker.ensemble, hit.run.name) : snapshotTooltip(hit.marker.snapshot, hit.run.name),
        rect2.left + u.valToPos(hit.marker.x, "x"),
        rect2.top + u.valToPos(hit.marker.y, "lr")
      );
    } else {
      this.hovercard.hide();
    }
  }
  /** "step 6954 · cycle 2 · falling": where the cursor is in the focused run's schedule. */
  positionLabel(x) {
    const focus = this.model.focus;
    const phase = focus ? phaseAt(focus.phases, focus.toX, x) : null;
    const parts = [xLabel(x, this.model.xMode)];
    if (phase) parts.push(`cycle ${phase.cycle}`, focus.labels?.[focus.phases.indexOf(phase)] ?? phase.phase);
    return parts.join(" \xB7 ");
  }
  /** The legend: each run's LR (and loss) at the cursor, or just the runs. */
  renderLegend(x) {
    const m = this.model;
    const items = m.runs.map((run) => {
      const values = [];
      if (x !== null) {
        const lrAt = run.stepped ? stepValueAt : valueAt;
        values.push(el("b", { text: formatLR(lrAt(run.xs, run.ys, x)) }));
        if (run.loss)
          values.push(el("span", { text: ` loss ${formatNumber(valueAt(run.loss.xs, run.loss.ys, x), 3)}` }));
      }
      return el(
        "button",
        {
          className: `cs-legend-item${run.focused ? " cs-active" : ""}`,
          attrs: { type: "button", title: `Focus ${run.name}` },
          on: { click: () => this.onFocus(run.name) }
        },
        swatch(run.color),
        el("span", { className: "cs-runname", text: run.name }),
        ...values
      );
    });
    const label = x === null ? "hover for values" : this.positionLabel(x);
    this.legend.replaceChildren(el("span", { className: "cs-legend-x", text: label }), ...items);
  }
};
function zeroBasedRange(u, min2, max2) {
  if (!Number.isFinite(min2) || !Number.isFinite(max2)) return [0, 1];
  const lo = Math.min(0, min2);
  const hi = max2 > lo ? max2 : lo + 1;
  return [lo, hi + (hi - lo) * 0.06];
}
function star(ctx, x, y, radius) {
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius : radius * 0.45;
    const angle = -Math.PI / 2 + i * Math.PI / 5;
    const px = x + r * Math.cos(angle);
    const py = y + r * Math.sin(angle);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
}

// panels.js
function emptyState() {
  const code = el("pre", {
    text: [
      "from cyclescope.callbacks import CyclicLR",
      'model.fit(x, y, callbacks=[CyclicLR(log_dir="logs/run1")])'
    ].join("\n")
  });
  return el(
    "section",
    { className: "cs-card cs-empty", dataset: { empty: "true" } },
    el("h2", { text: "No Cyclescope data yet" }),
    el("p", {
      text: "Cyclescope shows learning-rate cycles, snapshots and dead ReLUs written by its Keras callbacks. Add one to model.fit, with a log_dir inside TensorBoard's --logdir:"
    }),
    code,
    el("p", {
      className: "cs-note",
      text: "Then press Reload. Runs that only hold Keras's epoch_learning_rate appear too."
    })
  );
}
function chartKey(theme, { phases, names, boundaries, snapshots, ensembles, loss }) {
  const tints = names ?? { rising: "rising", falling: "falling" };
  const tint = (...colors) => {
    const i = el("i");
    i.style.background = colors.length > 1 ? `linear-gradient(90deg, ${colors[0]} 50%, ${colors[1]} 50%)` : colors[0];
    return i;
  };
  const kinds = new Set(phases.map((p) => p.phase));
  return el(
    "div",
    { className: "cs-key", attrs: { "aria-label": "Chart key" } },
    kinds.has("rising") ? el("span", {}, tint(theme.bandRising), tints.rising) : null,
    kinds.has("falling") ? el("span", {}, tint(theme.bandFalling), tints.falling) : null,
    kinds.has("cosine") ? el("span", {}, tint(theme.bandRising, theme.bandFalling), "cosine cycles") : null,
    boundaries ? el("span", {}, el("i", { className: "cs-key-boundary" }), "cycle boundary") : null,
    snapshots ? el("span", {}, el("i", { className: "cs-key-dot" }), "snapshot") : null,
    snapshots ? el("span", {}, el("i", { className: "cs-key-star", text: "\u2605" }), "best") : null,
    ensembles ? el("span", {}, el("i", { className: "cs-key-diamond", text: "\u25C6" }), "ensemble") : null,
    loss ? el("span", {}, el("i", { className: "cs-key-loss" }), "loss (right axis)") : null
  );
}
function summaryLine({ run, color, parts, note, deaths = null }) {
  const line = el(
    "div",
    { className: "cs-summary", dataset: { summary: parts.join(" \xB7 ") } },
    swatch(color),
    el("span", { className: "cs-runname", text: run }),
    el("span", { className: "cs-summary-parts" }, ...parts.map((p) => el("span", { text: p })))
  );
  if (note) {
    line.append(el("span", { className: note.warning ? "cs-note cs-warning" : "cs-note", text: note.text }));
  }
  if (!deaths) return line;
  return el("div", {}, line, el("p", { className: "cs-summary-deaths", dataset: { deaths }, text: deaths }));
}
var NOTICE_ITEMS = 3;
function warningNotice({ run, title, problems: problems2 }) {
  const list = (items) => el("ul", {}, ...items.map((text) => el("li", { text })));
  const rest = problems2.slice(NOTICE_ITEMS);
  return el(
    "section",
    {
      className: "cs-notice",
      attrs: { role: "note" },
      dataset: { run: run ?? "", problems: String(problems2.length) }
    },
    el(
      "p",
      { className: "cs-notice-title" },
      el("span", { className: "cs-warn-icon", text: "\u26A0", attrs: { "aria-hidden": "true" } }),
      title
    ),
    list(problems2.slice(0, NOTICE_ITEMS)),
    rest.length > 0 ? el("details", {}, el("summary", { text: `${rest.length} more` }), list(rest)) : null
  );
}

// rangechart.js
var HEIGHT4 = 300;
var RangePlot = class extends ChartView {
  constructor() {
    super(HEIGHT4);
    this.model = null;
  }
  update(model) {
    this.model = model;
    this.container.dataset.rangeTest = String(model.xs.length);
    this.container.dataset.lrScale = model.log ? "log" : "linear";
    this.rebuild();
  }
  rebuild() {
    const width = this.drawingWidth();
    const m = this.model;
    if (!m || m.xs.length === 0 || width <= 0) return;
    const theme = m.theme;
    const lossAxis = yAxis(theme, { scale: "loss", label: "loss", format: (v) => formatNumber(v, 3) });
    const series = [{}];
    const data = [m.xs];
    if (m.raw) {
      series.push({ label: "raw loss", scale: "loss", stroke: withAlpha(m.color, 0.35), width: 1 });
      data.push(m.raw);
    }
    series.push({ label: "smoothed loss", scale: "loss", stroke: m.color, width: 2.25 });
    data.push(m.smoothed);
    const x = {
      ...lossAxis,
      scale: "x",
      side: 2,
      size: 36,
      label: m.log ? "learning rate (log)" : "learning rate",
      space: 60,
      values: (u, splits) => splits.map((v) => v === null ? "" : formatLR(v))
    };
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT4,
        series: series.map((s) => s.scale ? { ...s, spanGaps: true, points: { show: false } } : s),
        axes: [x, lossAxis],
        scales: {
          x: m.log ? { time: false, distr: 3, log: 10, range: (u, min2, max2) => logRange(min2, max2) } : { time: false },
          loss: { range: (u, min2, max2) => paddedRange(min2, max2) }
        },
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
        hooks: { draw: [(u) => drawBounds(u, m)] }
      },
      data,
      this.container
    );
  }
};
function paddedRange(min2, max2) {
  if (!Number.isFinite(min2) || !Number.isFinite(max2)) return [0, 1];
  const pad = (max2 - min2 || Math.abs(max2) || 1) * 0.06;
  return [min2 - pad, max2 + pad];
}
function drawBounds(u, m) {
  const { ctx, bbox } = u;
  const ratio = uPlot.pxRatio;
  ctx.save();
  ctx.strokeStyle = m.theme.fg;
  ctx.fillStyle = m.theme.fg;
  ctx.lineWidth = ratio;
  ctx.font = `${11 * ratio}px ${m.theme.font}`;
  m.bounds.forEach((bound, i) => {
    const x = Math.round(u.valToPos(bound.lr, "x", true)) + 0.5;
    if (!(x >= bbox.left && x <= bbox.left + bbox.width)) return;
    ctx.setLineDash(i === 0 ? [2 * ratio, 3 * ratio] : [6 * ratio, 4 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    const right = x + 4 * ratio + ctx.measureText(bound.label).width < bbox.left + bbox.width;
    ctx.textAlign = right ? "left" : "right";
    ctx.fillText(bound.label, x + (right ? 4 : -4) * ratio, bbox.top + (14 + 14 * i) * ratio);
  });
  ctx.restore();
}
var RangeTestPanel = class {
  constructor() {
    this.plot = new RangePlot();
    this.container = this.plot.container;
    this.suggestion = el("code", { className: "cs-suggestion", attrs: { title: "Select to copy" } });
    this.note = el("p", { className: "cs-note" });
    this.node = el(
      "div",
      { className: "cs-rangetest" },
      this.plot.container,
      el("p", { className: "cs-suggestion-line" }, "Suggested: ", this.suggestion),
      this.note
    );
  }
  /** @param {ReturnType<import("./rangetest.js").rangeTestModel> & {color: string}} model */
  update(model) {
    this.suggestion.textContent = model.suggestion ?? "no suggestion (the test found no minimum)";
    this.note.textContent = model.note ?? "";
    this.note.hidden = !model.note;
    this.plot.update({ ...model.chart, color: model.color });
  }
  resize(width) {
    this.plot.resize(width);
  }
};

// histogram.js
function spreadIndices(n, max2) {
  if (n <= max2) return Array.from({ length: n }, (_2, i) => i);
  if (max2 <= 1) return [n - 1];
  const out = /* @__PURE__ */ new Set();
  for (let k = 0; k < max2; k++) out.add(Math.round(k * (n - 1) / (max2 - 1)));
  return [...out];
}
function ridgelineRows(histograms, maxRows) {
  const sorted = [...histograms].sort((a, b) => a.step - b.step);
  const shown = spreadIndices(sorted.length, maxRows).map((i) => sorted[i]);
  let tallest = 0;
  for (const h of shown) for (const b of h.buckets) tallest = Math.max(tallest, b[2]);
  return shown.map((h) => ({
    step: h.step,
    buckets: h.buckets,
    heights: h.buckets.map((b) => tallest > 0 ? b[2] / tallest : 0),
    total: h.buckets.reduce((sum, b) => sum + b[2], 0)
  }));
}
function bucketIndex(buckets, rate) {
  for (let i = 0; i < buckets.length; i++) {
    const [left, right] = buckets[i];
    const last = i === buckets.length - 1;
    if (rate >= left && (rate < right || last && rate <= right)) return i;
  }
  return -1;
}

// ridgeline.js
var MAX_ROWS = 16;
var ROWS_SPAN = 220;
var LEFT2 = 58;
var RIGHT2 = 10;
var TOP2 = 6;
var AXIS2 = 30;
var Ridgeline = class {
  /** @param {{hovercard: import("./hovercard.js").HoverCard}} deps */
  constructor({ hovercard }) {
    this.hovercard = hovercard;
    this.canvas = el("canvas", { attrs: { role: "img" } });
    this.node = el("div", { className: "cs-ridgeline" }, this.canvas);
    this.model = null;
    this.rows = [];
    this.canvas.addEventListener("mousemove", (e) => this.onHover(e));
    this.canvas.addEventListener("mouseleave", () => this.hovercard.hide());
  }
  /**
   * @param {{theme: object, layer: object, color: string, histograms: object[],
   *          checks: object[]}} model
   */
  update(model) {
    this.model = model;
    this.rows = ridgelineRows(model.histograms, MAX_ROWS);
    this.rowStep = Math.min(26, Math.max(10, Math.floor(ROWS_SPAN / this.rows.length)));
    this.peak = Math.min(64, this.rowStep * 2.5);
    this.canvas.setAttribute(
      "aria-label",
      `Firing-rate histograms of ${model.layer.name} at ${this.rows.length} checks`
    );
    this.draw();
  }
  height() {
    return this.baseline(Math.max(0, this.rows.length - 1)) + AXIS2;
  }
  baseline(i) {
    return TOP2 + this.peak + i * this.rowStep;
  }
  draw() {
    const m = this.model;
    const width = this.canvas.clientWidth;
    if (!m || width <= 0) return;
    const ctx = sizeCanvas(this.canvas, width, this.height());
    const plotWidth = width - LEFT2 - RIGHT2;
    const xOf = (rate) => LEFT2 + rate * plotWidth;
    ctx.font = `11px ${m.theme.font}`;
    this.rows.forEach((row, i) => {
      const base = this.baseline(i);
      const age = this.rows.length > 1 ? i / (this.rows.length - 1) : 1;
      ctx.beginPath();
      ctx.moveTo(xOf(0), base);
      row.buckets.forEach(([left, right], k) => {
        const y = base - row.heights[k] * this.peak;
        ctx.lineTo(xOf(left), y);
        ctx.lineTo(xOf(right), y);
      });
      ctx.lineTo(xOf(1), base);
      ctx.closePath();
      ctx.fillStyle = m.theme.card;
      ctx.fill();
      ctx.fillStyle = withAlpha(m.color, 0.15 + 0.45 * age);
      ctx.fill();
      ctx.strokeStyle = withAlpha(m.color, 0.5 + 0.5 * age);
      ctx.lineWidth = 1;
      ctx.stroke();
      ctx.fillStyle = m.theme.muted;
      ctx.textAlign = "right";
      ctx.textBaseline = "alphabetic";
      ctx.fillText(this.rowLabel(row), LEFT2 - 6, base);
    });
    this.drawAxis(ctx, xOf, this.baseline(this.rows.length - 1));
  }
  /** "ep 9" when the check's epoch is known, else the step. */
  rowLabel(row) {
    const check = this.model.checks.find((c) => c.step === row.step);
    return Number.isFinite(check?.epoch) ? `ep ${check.epoch}` : `step ${row.step}`;
  }
  drawAxis(ctx, xOf, top) {
    const theme = this.model.theme;
    ctx.strokeStyle = theme.grid;
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = "top";
    ctx.beginPath();
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      const x = Math.round(xOf(t)) + 0.5;
      ctx.moveTo(x, TOP2);
      ctx.lineTo(x, top + 4);
      ctx.textAlign = t === 0 ? "left" : t === 1 ? "right" : "center";
      ctx.fillText(String(t), x, top + 6);
    }
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.fillText("firing rate (share of probe positions)", xOf(0.5), top + 18);
  }
  onHover(event) {
    const m = this.model;
    if (!m || this.rows.length === 0) return;
    const rect2 = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect2.left;
    const y = event.clientY - rect2.top;
    const rate = (x - LEFT2) / (rect2.width - LEFT2 - RIGHT2);
    const i = Math.min(this.rows.length - 1, Math.max(0, Math.ceil((y - TOP2 - this.peak) / this.rowStep)));
    const row = this.rows[i];
    const k = bucketIndex(row.buckets, rate);
    if (k < 0) {
      this.hovercard.hide();
      return;
    }
    const check = m.checks.find((c) => c.step === row.step) ?? { step: row.step };
    this.hovercard.show(
      bucketTooltip(m.layer.name, check, row.buckets[k], row.total),
      event.clientX,
      event.clientY
    );
  }
};

// runpicker.js
function runMeta(run) {
  const parts = [];
  if (run.lr) parts.push(run.schedule ?? "Keras LR");
  if (run.snapshots > 0) parts.push(`${run.snapshots} snapshots`);
  if (run.dead_relu_layers > 0) parts.push(`${run.dead_relu_layers} ReLU layers`);
  return parts.join(" \xB7 ");
}
var problemCount = (n) => `${n} ${n === 1 ? "problem" : "problems"}`;
var sameValue = (a, b) => Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]) : a === b;
function sameRows(a, b) {
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((row, i) => Object.keys(row).every((key) => sameValue(row[key], b[i][key])));
}
var RunPicker = class {
  /**
   * @param {{onSelect: (selected: string[]) => void, onFocus: (run: string) => void}} deps
   */
  constructor({ onSelect, onFocus }) {
    this.onSelect = onSelect;
    this.onFocus = onFocus;
    this.model = null;
    this.controls = /* @__PURE__ */ new Map();
    this.boxes = /* @__PURE__ */ new Map();
    this.listRows = null;
    this.chipRows = null;
    this.expanded = /* @__PURE__ */ new Set();
    this.count = el("span");
    this.filter = el("input", {
      attrs: { type: "search", placeholder: "Filter runs", "aria-label": "Filter runs", spellcheck: "false" },
      on: { input: () => this.renderList(), keydown: (e) => this.onFilterKey(e) }
    });
    this.shown = el("span", { className: "cs-spacer" });
    this.list = el("ul", { className: "cs-runlist", on: { keydown: (e) => this.onListKey(e) } });
    const panel = el(
      "div",
      { className: "cs-runpanel" },
      this.filter,
      el(
        "div",
        { className: "cs-runpanel-actions" },
        el("button", {
          className: "cs-button",
          text: "Select shown",
          attrs: { type: "button" },
          on: { click: () => this.selectShown(true) }
        }),
        el("button", {
          className: "cs-button",
          text: "Clear shown",
          attrs: { type: "button" },
          on: { click: () => this.selectShown(false) }
        }),
        this.shown
      ),
      this.list
    );
    this.details = el(
      "details",
      { className: "cs-runpicker" },
      el(
        "summary",
        { className: "cs-button", attrs: { title: "Choose the runs to show" } },
        "Runs ",
        this.count
      ),
      panel
    );
    this.chips = el("div", { className: "cs-chips" });
    this.node = el("div", { className: "cs-chips" }, this.details, this.chips);
    this.details.addEventListener("toggle", () => {
      if (this.details.open) this.filter.focus();
    });
    this.details.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || !this.details.open) return;
      this.details.open = false;
      this.details.querySelector("summary").focus();
    });
    document.addEventListener("click", (e) => {
      if (this.details.open && !e.composedPath().includes(this.details)) this.details.open = false;
    });
  }
  /**
   * @param {{runs: object[], selected: string[], focused: string|null,
   *          warnings: Map<string, string[]>, colorOf: (run: string) => string}} model
   */
  update(model) {
    this.model = model;
    this.node.dataset.runs = String(model.runs.length);
    this.node.dataset.selected = String(model.selected.length);
    this.count.textContent = `${model.selected.length} / ${model.runs.length}`;
    this.renderList();
    this.renderChips();
  }
  visibleRuns() {
    return filterRuns(this.model.runs, this.filter.value);
  }
  /**
   * Shows the runs matching the filter: rebuilds the list when the runs,
   * their colours or warnings, the filter or the open problems changed
   * (the checkbox or badge that had the keyboard focus keeps it), else
   * only ticks the checkboxes of the selection.
   */
  renderList() {
    const { runs, selected, colorOf, warnings } = this.model;
    const visible = this.visibleRuns();
    const rows = visible.map((run) => ({
      run,
      color: colorOf(run.run),
      problems: warnings.get(run.run) ?? [],
      open: this.expanded.has(run.run)
    }));
    this.shown.textContent = `${visible.length} of ${runs.length} shown`;
    const ticked = new Set(selected);
    if (sameRows(rows, this.listRows)) {
      for (const [name, box] of this.boxes) box.checked = ticked.has(name);
      return;
    }
    this.listRows = rows;
    const hadFocus = this.list.contains(document.activeElement) ? this.controls.get(document.activeElement) : void 0;
    this.controls = /* @__PURE__ */ new Map();
    this.boxes = /* @__PURE__ */ new Map();
    this.list.replaceChildren(
      ...rows.map(({ run, color, problems: problems2, open }) => {
        const box = el("input", { attrs: { type: "checkbox" } });
        this.controls.set(box, `box:${run.run}`);
        this.boxes.set(run.run, box);
        box.checked = ticked.has(run.run);
        box.addEventListener(
          "change",
          () => this.onSelect(toggleRun(this.model.runs, this.model.selected, run.run, box.checked))
        );
        const label = el(
          "label",
          { attrs: { title: run.run } },
          box,
          swatch(color),
          el("span", { className: "cs-runname", text: run.run }),
          el("span", { className: "cs-runmeta", text: runMeta(run) })
        );
        if (problems2.length === 0) return el("li", {}, label);
        const badge = el("button", {
          className: "cs-warn-badge",
          text: `\u26A0 ${problems2.length}`,
          attrs: {
            type: "button",
            title: problems2.join("\n"),
            "aria-label": `${problemCount(problems2.length)} in the logs of ${run.run}`,
            "aria-expanded": String(open)
          },
          on: { click: () => this.toggleProblems(run.run) }
        });
        this.controls.set(badge, `warn:${run.run}`);
        const list = open ? el("ul", { className: "cs-run-warnings" }, ...problems2.map((text) => el("li", { text }))) : null;
        return el("li", { className: "cs-has-warnings" }, label, badge, list);
      })
    );
    for (const [control, key] of this.controls) if (key === hadFocus) control.focus();
  }
  toggleProblems(run) {
    if (!this.expanded.delete(run)) this.expanded.add(run);
    this.renderList();
  }
  /** ArrowDown: to the first shown run. Enter does nothing (no form to submit, nothing to toggle). */
  onFilterKey(e) {
    if (e.key === "ArrowDown" && this.boxes.size > 0) {
      e.preventDefault();
      this.boxes.values().next().value.focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
    }
  }
  /** ArrowUp/ArrowDown/Home/End between the shown runs' checkboxes (from a badge too: its run's row). */
  onListKey(e) {
    const moves = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (!(e.key in moves) || e.altKey || e.ctrlKey || e.metaKey) return;
    const boxes = [...this.boxes.values()];
    const item = e.target.closest(".cs-runlist > li");
    const index = boxes.findIndex((box) => item?.contains(box));
    if (index < 0) return;
    e.preventDefault();
    const next = index + moves[e.key];
    if (next < 0 && e.key === "ArrowUp") this.filter.focus();
    else boxes[Math.min(Math.max(next, 0), boxes.length - 1)].focus();
  }
  selectShown(on2) {
    const names = this.visibleRuns().map((r) => r.run);
    this.onSelect(toggleRuns(this.model.runs, this.model.selected, names, on2));
  }
  /** The chips of the selected runs, rebuilt only when what they show changed. */
  renderChips() {
    const { selected, focused, colorOf, warnings } = this.model;
    const rows = selected.map((name) => ({
      name,
      focused: name === focused,
      color: colorOf(name),
      problems: warnings.get(name) ?? []
    }));
    if (sameRows(rows, this.chipRows)) return;
    this.chipRows = rows;
    const badge = (name, problems2) => {
      if (problems2.length === 0) return null;
      return el("button", {
        className: "cs-chip-warn",
        text: `\u26A0 ${problems2.length}`,
        attrs: {
          type: "button",
          title: [`${problemCount(problems2.length)} in the logs:`, ...problems2].join("\n"),
          "aria-label": `${problemCount(problems2.length)} in the logs of ${name}; focus the run to list them`
        },
        on: { click: () => this.onFocus(name) }
      });
    };
    this.chips.replaceChildren(
      ...rows.map(
        ({ name, focused: focused2, color, problems: problems2 }) => el(
          "span",
          { className: `cs-chip${focused2 ? " cs-focused" : ""}` },
          el(
            "button",
            {
              className: "cs-chip-focus",
              attrs: { type: "button", title: `Focus ${name}`, "aria-pressed": String(focused2) },
              on: { click: () => this.onFocus(name) }
            },
            swatch(color),
            el("span", { className: "cs-runname", text: name })
          ),
          badge(name, problems2),
          el("button", {
            className: "cs-chip-remove",
            text: "\xD7",
            attrs: { type: "button", title: `Hide ${name}`, "aria-label": `Hide ${name}` },
            on: { click: () => this.onSelect(toggleRun(this.model.runs, this.model.selected, name, false)) }
          })
        )
      )
    );
  }
};

// snapshottable.js
function snapshotTable({ columns, rows }) {
  const head = el(
    "tr",
    {},
    ...["", ...columns].map((label) => el("th", { text: label, attrs: { scope: "col" } }))
  );
  const body = rows.map(
    (row) => el(
      "tr",
      { className: row.best ? "cs-best" : row.ensemble ? "cs-ensemble" : "" },
      el(
        "td",
        {},
        row.best ? el("span", { className: "cs-star", text: "\u2605", attrs: { title: "best snapshot" } }) : ""
      ),
      ...row.cells.map((text) => el("td", { text }))
    )
  );
  const table = el("table", { className: "cs-table" }, el("thead", {}, head), el("tbody", {}, ...body));
  return el("div", { className: "cs-table-wrap", dataset: { rows: String(rows.length) } }, table);
}

// theme.js
var PALETTE_SIZE = 10;
var HEAT_STOPS = 5;
function readTheme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    fg: v("--fg"),
    muted: v("--muted"),
    card: v("--card"),
    grid: v("--grid"),
    axis: v("--axis"),
    accent: v("--accent"),
    bandRising: v("--band-rising"),
    bandFalling: v("--band-falling"),
    boundary: v("--boundary"),
    best: v("--best"),
    threshold: v("--threshold"),
    font: v("--font"),
    palette: Array.from({ length: PALETTE_SIZE }, (_2, i) => v(`--run-${i}`)),
    heat: Array.from({ length: HEAT_STOPS }, (_2, i) => parseColor(v(`--heat-${i}`)) ?? [128, 128, 128])
  };
}
function onColorSchemeChange(onChange) {
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", onChange);
}

// topbar.js
var radioGroups = 0;
function checkbox(text, title, onChange) {
  const input = el("input", { attrs: { type: "checkbox" }, on: { change: () => onChange(input.checked) } });
  return [el("label", { className: "cs-toggle", attrs: { title } }, input, text), input];
}
var TopBar = class {
  /**
   * @param {{picker: import("./runpicker.js").RunPicker,
   *          onOptions: (change: object) => void, onReload: () => void}} deps
   */
  constructor({ picker, onOptions, onReload }) {
    const group = `cs-xmode-${++radioGroups}`;
    this.modes = {};
    const segments = ["step", "epoch"].map((mode) => {
      const input = el("input", {
        attrs: { type: "radio", name: group, value: mode },
        on: { change: () => onOptions({ xMode: mode }) }
      });
      this.modes[mode] = input;
      return el("label", {}, input, mode);
    });
    const xAxis2 = el(
      "div",
      { className: "cs-segmented", attrs: { role: "radiogroup", "aria-label": "x-axis" } },
      ...segments
    );
    [this.logLabel, this.log] = checkbox("log LR", "", (on2) => onOptions({ logScale: on2 }));
    [this.lossLabel, this.loss] = checkbox(
      "loss",
      "Training loss on a right axis (from Keras's own run beside ours)",
      (on2) => onOptions({ showLoss: on2 })
    );
    this.reload = el("button", {
      className: "cs-button cs-reload",
      text: "\u27F3 Reload",
      attrs: { type: "button", title: "Fetch everything again" },
      on: { click: onReload }
    });
    this.node = el(
      "div",
      { className: "cs-topbar" },
      picker.node,
      el("div", { className: "cs-controls" }, xAxis2, this.logLabel, this.lossLabel, this.reload)
    );
  }
  /**
   * @param {{xMode: string, lrScale: {log: boolean, auto: boolean, ratio: number}, showLoss: boolean,
   *          epochAvailable: boolean, lossAvailable: boolean}} model
   */
  update(model) {
    this.modes[model.xMode].checked = true;
    this.modes.epoch.disabled = !model.epochAvailable && model.xMode !== "epoch";
    this.modes.epoch.parentElement.title = this.modes.epoch.disabled ? "No selected run recorded its epochs" : "Fractional epochs";
    this.log.checked = model.lrScale.log;
    this.logLabel.title = describeLrScale(model.lrScale);
    this.loss.checked = model.showLoss;
    this.loss.disabled = !model.lossAvailable;
    this.lossLabel.classList.toggle("cs-disabled", !model.lossAvailable);
  }
};

// chartdata.js
var identity = (v) => v;
function stepToX(mode, lr) {
  if (mode === "step") return identity;
  const scale = lr ? makeEpochScale(lr.epochs, lr.schedule?.steps_per_epoch) : null;
  return scale ? scale.toEpoch : null;
}
function lrToX(mode, lr) {
  if (lr.source === "keras") return mode === "epoch" ? identity : null;
  return stepToX(mode, lr);
}
function lossToX(mode, loss, lr) {
  if (loss.step_source === "epoch") return mode === "epoch" ? (e) => e + 1 : null;
  return stepToX(mode, lr);
}
function mapPoints(points2, toX) {
  return { xs: points2.step.map(toX), ys: points2.value };
}
function snapshotMarkers(lr, toX) {
  return lr.snapshots.map((snapshot) => ({
    snapshot,
    x: toX(snapshot.step),
    y: Number.isFinite(snapshot.lr) ? snapshot.lr : valueAt(lr.points.step, lr.points.value, snapshot.step)
  }));
}
function checkXs(checks, toX) {
  return checks.map((c) => toX ? toX(c.step) : Number.isFinite(c.epoch) ? c.epoch + 1 : null);
}

// ensembles.js
var PREFERRED = ["accuracy", "loss"];
var brief = (v) => formatNumber(v, 3);
function pick(metrics, prefix) {
  for (const name of PREFERRED) {
    const value = metrics?.[prefix + name];
    if (Number.isFinite(value)) return { key: prefix + name, value, text: brief(value) };
  }
  return null;
}
var snapshotMetric = (snapshot) => pick(snapshot.metrics, "val_");
var ensembleMetric = (ensemble) => pick(ensemble.metrics, "");
function latestEnsemble(lr) {
  let latest2 = null;
  for (const e of lr.ensembles ?? []) if (!latest2 || !(e.step < latest2.step)) latest2 = e;
  return latest2;
}
var size = (ensemble) => `ensemble of ${ensemble.members?.length ?? 0}`;
function ensembleMarker(lr, toX) {
  const ensemble = latestEnsemble(lr);
  if (!ensemble || !Number.isFinite(ensemble.step)) return null;
  const metric = ensembleMetric(ensemble);
  return {
    ensemble,
    x: toX(ensemble.step),
    y: valueAt(lr.points.step, lr.points.value, ensemble.step),
    label: metric ? `ensemble ${metric.text}` : "ensemble"
  };
}
function ensembleSentence(lr) {
  const ensemble = latestEnsemble(lr);
  if (!ensemble) return null;
  const metric = ensembleMetric(ensemble);
  if (!metric) return size(ensemble);
  const last = (lr.snapshots ?? []).reduce((a, s) => a && a.step > s.step ? a : s, null);
  const own = last?.metrics?.[`val_${metric.key}`];
  const versus = Number.isFinite(own) ? ` (last snapshot ${brief(own)})` : "";
  return `${size(ensemble)}: ${metric.key} ${metric.text}${versus}`;
}
function ensembleCells(ensemble, keys) {
  return keys.map((key) => key.startsWith("val_") ? brief(ensemble.metrics?.[key.slice(4)]) : "\u2013");
}

// rangetest.js
function formatG(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const trim = (text) => text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  const [mantissa, exp] = v.toExponential(digits - 1).split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= digits) {
    const sign2 = exponent < 0 ? "-" : "+";
    return `${trim(mantissa)}e${sign2}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return trim(v.toFixed(Math.max(0, digits - 1 - exponent)));
}
function suggestionText({ base_lr, max_lr }) {
  if (!Number.isFinite(base_lr) || !Number.isFinite(max_lr)) return null;
  return `use CyclicLR(base_lr=${formatG(base_lr)}, max_lr=${formatG(max_lr)})`;
}
var numbers = (v) => Array.isArray(v) ? v : [];
function rangeTestModel(rt, { theme, color } = {}) {
  const xs = numbers(rt.lrs);
  const raw = numbers(rt.raw_losses);
  const bounds = [
    ["base_lr", rt.base_lr],
    ["max_lr", rt.max_lr]
  ].filter(([, lr]) => Number.isFinite(lr)).map(([name, lr]) => ({ lr, label: `${name} ${formatG(lr)}` }));
  return {
    run: rt.run,
    chart: {
      theme,
      color,
      log: rt.mode !== "linear",
      xs,
      smoothed: numbers(rt.losses),
      raw: raw.length === xs.length && raw.length > 0 ? raw : null,
      bounds
    },
    suggestion: suggestionText(rt),
    parts: [
      "LR range test",
      `${rt.mode ?? "exp"} sweep ${formatLR(rt.start_lr)} \u2192 ${formatLR(rt.end_lr)}`,
      `${formatCount(xs.length)} ${xs.length === 1 ? "step" : "steps"}`
    ],
    note: rt.stopped_early ? "Stopped early: the loss diverged before end_lr." : null
  };
}

// summary.js
function plural(n, word) {
  return `${formatNumber(n, 3)} ${word}${n === 1 ? "" : "s"}`;
}
function stepSizePart(stepSize, stepsPerEpoch) {
  const text = `step_size ${formatNumber(stepSize, 6)}`;
  if (!(Number.isFinite(stepsPerEpoch) && stepsPerEpoch > 0)) return text;
  return `${text} (${plural(stepSize / stepsPerEpoch, "epoch")})`;
}
function observedRange(lr) {
  const range = extent(lr.points.value);
  return range ? `${formatLR(range[0])} \u2192 ${formatLR(range[1])}` : null;
}
function describeSchedule(lr) {
  const s = lr.schedule;
  if (s === null) {
    const origin = lr.source === "keras" ? "Keras epoch_learning_rate" : "no schedule recorded";
    return [origin, observedRange(lr)];
  }
  if (s.type === "cyclic") {
    return [
      s.mode ?? "cyclic",
      `${formatLR(s.base_lr)} \u2192 ${formatLR(s.max_lr)}`,
      Number.isFinite(s.step_size) ? stepSizePart(s.step_size, s.steps_per_epoch) : null,
      s.mode === "exp_range" && Number.isFinite(s.gamma) ? `gamma ${formatNumber(s.gamma, 6)}` : null
    ];
  }
  if (s.type === "cosine_restarts") {
    return [
      "cosine_restarts",
      Number.isFinite(s.init_lr) ? `${formatLR(s.init_lr)} \u2192 0` : observedRange(lr),
      Number.isFinite(s.epoch_length) ? `${plural(s.epoch_length, "epoch")} per cycle` : null,
      Number.isFinite(s.nb_snapshots) ? plural(s.nb_snapshots, "snapshot") : null
    ];
  }
  if (s.type === "one_cycle") {
    const initial = s.max_lr / s.div_factor;
    const last = initial / s.final_div_factor;
    const lrs = [initial, s.max_lr, ...s.three_phase ? [initial] : [], last];
    return [
      "one-cycle",
      lrs.every(Number.isFinite) ? lrs.map(formatLR).join(" \u2192 ") : observedRange(lr),
      Number.isFinite(s.pct_start) && Number.isFinite(s.total_steps) ? `warm-up ${formatPercent(s.pct_start)} of ${plural(s.total_steps, "step")}` : null
    ];
  }
  return [s.mode ?? s.type ?? "schedule", observedRange(lr)];
}
function positionLabel(lr, pos) {
  const index = (lr.phases ?? []).findIndex((p) => p.start <= pos.step && pos.step < p.end);
  return index >= 0 ? phaseLabels(lr.schedule, lr.phases)[index] : pos.phase;
}
function scheduleSummary(lr) {
  const parts = describeSchedule(lr);
  const pos = lr.position;
  if (pos) {
    if (Number.isFinite(pos.cycle) && lr.schedule?.type !== "one_cycle") parts.push(`cycle ${pos.cycle}`);
    if (pos.phase) parts.push(positionLabel(lr, pos));
  }
  return parts.filter((p) => p !== null);
}

// warnings.js
function describeWarning(warning) {
  const where = [warning.tag, warning.step === null ? null : `step ${formatStep(warning.step)}`];
  const place = where.filter((part) => part !== null).join(", ");
  return place ? `${place}: ${warning.problem}` : warning.problem;
}
function ownerOf(name, runNames) {
  if (name === null) return null;
  if (runNames.has(name)) return name;
  let owner = null;
  for (const run of runNames) {
    if (name.startsWith(`${run}/`) && (owner === null || run.length > owner.length)) owner = run;
  }
  if (owner === null && name === "train" && runNames.has(".")) return ".";
  return owner;
}
function collectWarnings(sources, runNames) {
  const names = new Set(runNames);
  const byRun = /* @__PURE__ */ new Map();
  const general = [];
  const seen = /* @__PURE__ */ new Set();
  for (const source of sources) {
    for (const warning of source.warnings) {
      const owner = ownerOf(warning.run, names) ?? source.run;
      const key = JSON.stringify([owner, warning.tag, warning.step, warning.problem]);
      if (seen.has(key)) continue;
      seen.add(key);
      if (owner === null) general.push(warning);
      else byRun.set(owner, [...byRun.get(owner) ?? [], warning]);
    }
  }
  return { byRun, general };
}

// viewmodel.js
var LOAD_NAMES = {
  lr: "the learning rate",
  loss: "the loss",
  deadRelu: "the dead ReLUs",
  histograms: "the firing-rate histograms",
  rangeTest: "the LR range test"
};
function pageModel(state, loaded, style) {
  const { byRun, general } = collectWarnings(
    warningSources(state, loaded),
    state.runs.map((r) => r.run)
  );
  const warnings = new Map([...byRun].map(([run, list]) => [run, list.map(describeWarning)]));
  const page = {
    messages: state.runsError ? [`Could not load the runs: ${state.runsError.message}`] : [],
    picker: { runs: state.runs, selected: state.selected ?? [], focused: state.focused, warnings },
    notices: notices(warnings, general, state.focused),
    showEmpty: loaded === null && state.runsError === null,
    topbar: {
      xMode: state.options.xMode,
      showLoss: state.options.showLoss,
      lrScale: lrScale([], state.options.logScale),
      epochAvailable: false,
      lossAvailable: false
    },
    lr: null,
    rangeTest: null,
    relu: null,
    snapshots: null,
    domain: null,
    progress: null
  };
  if (loaded === null) return page;
  const data = responses(loaded);
  const rangeTest = data.focus?.lr_range_test && data.rangeTest ? { ...rangeTestModel(data.rangeTest, { theme: style.theme }), color: style.colorOf(data.focus.run) } : null;
  const chart = lrChartModel(data, state.options, style);
  const deaths = data.relu && chart.focus ? deathEvents(data.relu, stepToX(state.options.xMode, data.focusLr), style.theme.palette) : [];
  chart.deaths = deaths;
  const reluChart = data.relu ? deadChartModel(data, chart, state.options.xMode, style.theme) : null;
  const progress = progressModel(loaded);
  return {
    ...page,
    messages: loadErrors(loaded),
    topbar: {
      ...page.topbar,
      lrScale: chart.lrScale,
      epochAvailable: data.lrs.some((lr) => lr && lrToX("epoch", lr)),
      lossAvailable: data.runs.some((r) => r.loss)
    },
    lr: {
      chart,
      key: {
        phases: chart.focus?.phases ?? [],
        names: phaseTintNames(data.focusLr?.schedule ?? null),
        boundaries: (chart.focus?.cycles.length ?? 0) > 0,
        snapshots: chart.runs.some((r) => r.markers.length > 0),
        ensembles: chart.runs.some((r) => r.ensembles.length > 0),
        loss: chart.runs.some((r) => r.loss)
      },
      summary: rangeTest ? { run: rangeTest.run, color: rangeTest.color, parts: rangeTest.parts, note: null } : data.focus && (data.focusLr || !data.focus.lr) ? {
        ...summaryModel(data.focus.run, style.colorOf(data.focus.run), data.focusLr),
        deaths: deathSentence(deaths, data.focusLr)
      } : null,
      note: rangeTest ? "" : lrNote(chart, state.options.xMode, state.selected.length, progress !== null)
    },
    rangeTest,
    relu: data.focus && !(data.focus.lr_range_test && !(data.focus.dead_relu_layers > 0)) ? reluModel(data, reluChart, style.theme) : null,
    snapshots: data.focusLr?.snapshots.length > 0 ? { run: data.focus.run, table: snapshotRows(data.focusLr.snapshots, latestEnsemble(data.focusLr)) } : null,
    domain: extent(...chart.runs.flatMap((r) => [r.xs, r.loss?.xs ?? []]), reluChart?.xs ?? []),
    progress
  };
}
function progressModel(loaded) {
  const pending = loaded.runs.filter((r, i) => loaded.lr[i].pending || loaded.loss[i].pending).length;
  if (pending === 0) return null;
  const total = loaded.runs.length;
  return { pending, total, text: `Loaded ${total - pending} of ${total} runs\u2026` };
}
function responses(loaded) {
  const focusIndex = loaded.runs.indexOf(loaded.focus);
  return {
    runs: loaded.runs,
    focus: loaded.focus,
    lrs: loaded.lr.map((r) => r.data),
    losses: loaded.loss.map((r) => r.data),
    focusLr: focusIndex >= 0 ? loaded.lr[focusIndex].data : null,
    relu: loaded.deadRelu.data,
    layer: loaded.layer,
    hist: loaded.histograms.data,
    rangeTest: loaded.rangeTest?.data ?? null
  };
}
function loadErrors(loaded) {
  const errors = [];
  const note = (kind, run, result) => {
    if (result.error)
      errors.push(`Could not load ${LOAD_NAMES[kind]} of run \u201C${run}\u201D: ${result.error.message}`);
  };
  loaded.runs.forEach((r, i) => {
    note("lr", r.run, loaded.lr[i]);
    note("loss", r.run, loaded.loss[i]);
  });
  if (loaded.focus) {
    note("deadRelu", loaded.focus.run, loaded.deadRelu);
    note("histograms", loaded.focus.run, loaded.histograms);
    if (loaded.rangeTest) note("rangeTest", loaded.focus.run, loaded.rangeTest);
  }
  return errors;
}
function warningSources(state, loaded) {
  const sources = [{ run: null, warnings: state.runsWarnings ?? [] }];
  if (loaded === null) return sources;
  const add = (run, load) => {
    if (load.data) sources.push({ run, warnings: load.data.warnings ?? [] });
  };
  loaded.runs.forEach((r, i) => {
    add(r.run, loaded.lr[i]);
    add(r.run, loaded.loss[i]);
  });
  if (loaded.focus) {
    add(loaded.focus.run, loaded.deadRelu);
    add(loaded.focus.run, loaded.histograms);
    if (loaded.rangeTest) add(loaded.focus.run, loaded.rangeTest);
  }
  return sources;
}
var problems = (n) => `${n} ${n === 1 ? "problem" : "problems"}`;
function notices(warnings, general, focused) {
  const out = [];
  const own = warnings.get(focused);
  if (own)
    out.push({ run: focused, title: `${problems(own.length)} in the logs of \u201C${focused}\u201D`, problems: own });
  if (general.length > 0) {
    out.push({
      run: null,
      title: `${problems(general.length)} in runs not listed`,
      problems: general.map((w) => w.run === null ? describeWarning(w) : `${w.run}: ${describeWarning(w)}`)
    });
  }
  return out;
}
function lrChartModel(data, { xMode, logScale }, { theme, colorOf }) {
  const skipped = [];
  const runs = [];
  data.runs.forEach((run, i) => {
    const lr2 = data.lrs[i];
    if (!lr2) return;
    const toX = lrToX(xMode, lr2);
    if (!toX) {
      skipped.push(run.run);
      return;
    }
    const loss = data.losses[i];
    const lossX = loss && lossToX(xMode, loss, lr2);
    runs.push({
      name: run.run,
      color: colorOf(run.run),
      focused: run === data.focus,
      ...mapPoints(lr2.points, toX),
      stepped: lr2.source === "keras",
      loss: lossX ? mapPoints(loss.points, lossX) : null,
      markers: snapshotMarkers(lr2, toX).map((m) => ({ ...m, label: snapshotMetric(m.snapshot)?.text ?? null })),
      ensembles: [ensembleMarker(lr2, toX)].filter(Boolean)
    });
  });
  const lr = data.focusLr;
  const focusToX = lr && lrToX(xMode, lr);
  return {
    theme,
    xMode,
    lrScale: lrScale(
      runs.map((r) => r.ys),
      logScale
    ),
    lossLog: lossIsLog(runs.filter((r) => r.loss).map((r) => r.loss.ys)),
    runs,
    skipped,
    focus: focusToX ? { phases: lr.phases, labels: phaseLabels(lr.schedule, lr.phases), cycles: lr.cycles, toX: focusToX } : null,
    cycles: lr?.cycles.length ?? 0,
    snapshots: lr?.snapshots.length ?? 0,
    ensembles: runs.reduce((n, r) => n + r.ensembles.length, 0)
  };
}
function lrNote(chart, xMode, selectedCount, loading) {
  const notes = [];
  if (chart.skipped.length > 0) {
    const why = xMode === "step" ? "Only on the epoch axis (Keras logs its learning rate per epoch)" : "Not on the epoch axis (no epoch information recorded)";
    notes.push(`${why}: ${chart.skipped.join(", ")}.`);
  }
  if (chart.runs.length === 0 && chart.skipped.length === 0 && !loading) {
    notes.push(
      selectedCount === 0 ? "No run selected: choose runs in the Runs menu." : "None of the selected runs has learning-rate data to show."
    );
  }
  return notes.join(" ");
}
function summaryModel(run, color, lr) {
  let note = null;
  if (lr?.loader_sampled) {
    const text = `${formatCount(lr.points.step.length)} points: TensorBoard kept only a sample of this LR; start it with --samples_per_plugin=scalars=0 to keep every point`;
    note = { text, warning: true };
  } else if (lr?.downsampled) {
    const shown = `${formatCount(lr.points.step.length)} of ${formatCount(lr.total_points)} points`;
    note = { text: `${shown} (downsampled, every apex and trough kept)`, warning: false };
  }
  const parts = lr ? [...scheduleSummary(lr), ensembleSentence(lr)].filter(Boolean) : ["no learning-rate data"];
  return { run, color, parts, note };
}
function deadChartModel(data, lrChart, xMode, theme) {
  const relu = data.relu;
  return {
    theme,
    xMode,
    xs: checkXs(relu.checks, stepToX(xMode, data.focusLr)),
    checks: relu.checks,
    layers: relu.layers.map((layer, i) => ({
      ...layer,
      color: theme.palette[i % theme.palette.length],
      fractions: relu.fraction[i] ?? []
    })),
    selected: data.layer?.path ?? null,
    threshold: relu.threshold,
    focus: lrChart.focus,
    gutter: lrChart.runs.some((r) => r.loss)
  };
}
function reluModel(data, chart, theme) {
  const { focus, relu, layer, hist } = data;
  if (!chart) {
    const placeholder = focus.dead_relu_layers > 0 ? `The dead-ReLU checks of \u201C${focus.run}\u201D could not be loaded.` : `No dead-ReLU checks in \u201C${focus.run}\u201D. Add a DeadReluDetector callback to its model.fit to see which ReLU layers die, and when.`;
    return { run: focus.run, placeholder };
  }
  const probe = relu.checks.find((c) => Number.isFinite(c.probe_samples))?.probe_samples;
  const note = [
    focus.run,
    `${relu.layers.length} layers`,
    `${relu.checks.length} checks`,
    Number.isFinite(probe) ? `${probe} probe samples` : null,
    Number.isFinite(relu.threshold) ? `threshold ${formatPercent(relu.threshold)}` : null
  ].filter(Boolean).join(" \xB7 ");
  const hasRidges = layer && hist && hist.histograms.length > 0;
  return {
    run: focus.run,
    placeholder: null,
    note,
    chart,
    heatmap: { ...relu, theme, selected: chart.selected },
    layers: relu.layers.map((l) => ({ label: l.name, value: l.path, selected: l.path === chart.selected })),
    ridgeline: hasRidges ? {
      theme,
      layer,
      color: chart.layers[relu.layers.indexOf(layer)].color,
      histograms: hist.histograms,
      checks: relu.checks
    } : null,
    histPlaceholder: hasRidges ? null : hist ? `No firing-rate histograms for ${layer.name}.` : "Histograms unavailable."
  };
}
function snapshotRows(snapshots, ensemble = null) {
  const keys = metricKeys(snapshots);
  const rows = snapshots.map((s) => ({
    best: Boolean(s.best),
    ensemble: false,
    cells: [
      String(s.index),
      Number.isFinite(s.epoch) ? String(s.epoch) : MISSING,
      formatStep(s.step),
      formatLR(s.lr),
      ...keys.map((key) => formatNumber(s.metrics?.[key])),
      s.file ?? MISSING
    ]
  }));
  if (ensemble) {
    rows.push({
      best: false,
      ensemble: true,
      cells: [
        `ensemble of ${ensemble.members?.length ?? 0}`,
        MISSING,
        formatStep(ensemble.step),
        MISSING,
        ...ensembleCells(ensemble, keys),
        Number.isFinite(ensemble.samples) ? `${formatCount(ensemble.samples)} samples` : MISSING
      ]
    });
  }
  return { columns: ["#", "epoch", "step", "LR", ...keys, "file"], rows };
}

// xsync.js
var groups = 0;
function sameRange(a, b) {
  if (a === null || b === null) return a === b;
  const tolerance = 1e-9 * Math.max(1, Math.abs(a[1] - a[0]));
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance;
}
var XAxisSync = class {
  constructor() {
    this.key = `cyclescope-x-${++groups}`;
    this.charts = /* @__PURE__ */ new Set();
    this.domain = null;
    this.window = null;
    this.applying = false;
  }
  /** The range every chart shows now. */
  range() {
    return this.window ?? this.domain;
  }
  /**
   * Sets the full range; a single x (one point) is widened by 1 each way, and
   * a zoom window that no longer overlaps the range is dropped.
   */
  setDomain(domain) {
    this.domain = domain && domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
    const full = this.domain;
    if (this.window && (!full || this.window[1] <= full[0] || this.window[0] >= full[1])) {
      this.window = null;
    }
  }
  /** Maps the zoom window to new x units (step <-> epoch), or drops it. */
  mapWindow(fn) {
    this.window = this.window && fn ? this.window.map(fn) : null;
  }
  /** Shows the whole domain in every chart. */
  reset() {
    this.window = null;
    for (const chart of this.charts) this.apply(chart);
  }
  apply(chart) {
    const range = this.range();
    if (!range) return;
    this.applying = true;
    try {
      chart.setScale("x", { min: range[0], max: range[1] });
    } finally {
      this.applying = false;
    }
  }
  /** A user zoom (drag) in one chart: remember it and apply it to the others. */
  zoomedIn(chart) {
    if (this.applying || !this.charts.has(chart)) return;
    const range = [chart.scales.x.min, chart.scales.x.max];
    if (sameRange(range, this.range())) return;
    this.window = this.domain && sameRange(range, this.domain) ? null : range;
    for (const other of this.charts) if (other !== chart) this.apply(other);
  }
  /** A uPlot plugin that joins a chart to this group. */
  plugin() {
    return {
      opts: (u, opts) => {
        const cursor = opts.cursor ?? {};
        opts.cursor = {
          ...cursor,
          sync: {
            key: this.key,
            scales: ["x", null],
            filters: { pub: (type) => type === "mousemove" || type === "mouseleave" }
          },
          bind: {
            ...cursor.bind,
            dblclick: () => () => {
              this.reset();
              return null;
            }
          }
        };
      },
      hooks: {
        // Charts join once drawn, so that the autoscaling while uPlot sets
        // itself up is not taken for a user zoom. uPlot ignores a setScale
        // made inside its "ready" hook, hence the microtask.
        ready: (u) => {
          this.charts.add(u);
          queueMicrotask(() => this.charts.has(u) && this.apply(u));
        },
        setScale: (u, key) => {
          if (key === "x") this.zoomedIn(u);
        },
        destroy: (u) => this.charts.delete(u)
      }
    };
  }
};

// app.js
function startApp(root, { fetchImpl } = {}) {
  const app = new App(root, fetchImpl);
  connectToHost(() => app.reload());
  onColorSchemeChange(() => app.retheme());
  return app.reload();
}
var App = class {
  constructor(root, fetchImpl) {
    this.api = createApi(fetchImpl);
    this.hovercard = new HoverCard();
    this.xsync = new XAxisSync();
    this.theme = readTheme();
    this.runs = [];
    this.runsByName = /* @__PURE__ */ new Map();
    this.colors = /* @__PURE__ */ new Map();
    this.runsError = null;
    this.runsWarnings = [];
    this.selected = null;
    this.focused = null;
    this.options = { xMode: "step", logScale: null, showLoss: true };
    this.layer = null;
    this.cache = /* @__PURE__ */ new Map();
    this.reloads = 0;
    this.generation = 0;
    const onFocus = (run) => this.setFocus(run);
    const onSelectLayer = (path) => this.update(() => this.layer = path);
    this.picker = new RunPicker({ onSelect: (selected) => this.setSelection(selected), onFocus });
    this.topbar = new TopBar({
      picker: this.picker,
      onOptions: (change2) => this.setOptions(change2),
      onReload: () => this.reload()
    });
    this.lrChart = new LrChart({ hovercard: this.hovercard, xsync: this.xsync, onFocus });
    this.deadChart = new DeadChart({ xsync: this.xsync, onSelectLayer });
    this.heatmap = new Heatmap({ hovercard: this.hovercard, onSelectLayer });
    this.ridgeline = new Ridgeline({ hovercard: this.hovercard });
    this.layerSelect = el("select", {
      attrs: { "aria-label": "Layer" },
      on: { change: () => onSelectLayer(this.layerSelect.value) }
    });
    this.messages = el("div", { className: "cs-messages", attrs: { role: "status" } });
    this.notices = el("div", { className: "cs-notices" });
    this.empty = emptyState();
    this.key = el("div");
    this.summary = el("div");
    this.lrNote = el("p", { className: "cs-note" });
    this.progress = el("p", { className: "cs-note cs-progress", attrs: { role: "status" } });
    this.rangeTest = new RangeTestPanel();
    this.lrTitle = el("h2", { text: "Learning rate" });
    this.lrBody = el("div", {}, this.lrChart.node, this.rangeTest.node);
    this.lrCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, this.lrTitle, this.key),
      this.summary,
      this.progress,
      this.lrBody,
      this.lrNote
    );
    this.reluNote = el("span", { className: "cs-note" });
    this.histBody = el("div");
    this.reluBody = el(
      "div",
      {},
      this.deadChart.node,
      el(
        "div",
        { className: "cs-relu-grid" },
        el(
          "div",
          {},
          el("div", { className: "cs-subhead" }, el("h3", { text: "Layers \xD7 checks" })),
          this.heatmap.root
        ),
        el(
          "div",
          {},
          el("div", { className: "cs-subhead" }, el("h3", { text: "Firing rates of" }), this.layerSelect),
          this.histBody
        )
      )
    );
    this.reluPlaceholder = el("p", { className: "cs-placeholder" });
    this.reluCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, el("h2", { text: "Dead ReLUs" }), this.reluNote),
      this.reluBody,
      this.reluPlaceholder
    );
    this.snapshotNote = el("span", { className: "cs-note" });
    this.snapshotBody = el("div");
    this.snapshotCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, el("h2", { text: "Snapshots" }), this.snapshotNote),
      this.snapshotBody
    );
    root.replaceChildren(
      el(
        "div",
        { className: "cs-app" },
        this.topbar.node,
        this.messages,
        this.notices,
        this.empty,
        this.lrCard,
        this.reluCard,
        this.snapshotCard
      ),
      this.hovercard.node
    );
    observeWidth(this.lrChart.container, (w) => this.lrChart.resize(w));
    observeWidth(this.rangeTest.container, (w) => this.rangeTest.resize(w));
    observeWidth(this.deadChart.container, (w) => this.deadChart.resize(w));
    observeWidth(this.heatmap.canvas, () => this.heatmap.draw());
    observeWidth(this.ridgeline.canvas, () => this.ridgeline.draw());
  }
  // State changes ------------------------------------------------------------
  /** Applies `change` to the state, then renders. */
  update(change2) {
    change2();
    return this.render();
  }
  /** Drops every cached response and fetches everything again. */
  async reload() {
    const request = ++this.reloads;
    delete document.body.dataset.ready;
    this.cache.clear();
    let listing = { runs: [], warnings: [] };
    let runsError = null;
    try {
      listing = await this.api.runs();
    } catch (error) {
      runsError = error;
    }
    if (request !== this.reloads) return;
    const runs = listing.runs;
    this.runs = runs;
    this.runsByName = new Map(runs.map((r) => [r.run, r]));
    this.runsWarnings = listing.warnings;
    this.runsError = runsError;
    this.colors = assignRunColors(
      runs.map((r) => r.run),
      this.colors,
      PALETTE_SIZE
    );
    ({ selected: this.selected, focused: this.focused } = reconcileSelection(
      runs,
      this.selected,
      this.focused
    ));
    await this.render();
  }
  setSelection(selected) {
    return this.update(() => {
      this.selected = selected;
      if (!selected.includes(this.focused)) this.focused = selected[0] ?? null;
    });
  }
  setFocus(run) {
    return this.update(() => {
      if (!this.selected.includes(run)) this.selected = [run, ...this.selected];
      this.focused = run;
    });
  }
  /** Toggles; switching the x unit keeps the zoom on the same steps of the focused run. */
  async setOptions(change2) {
    if (change2.xMode && change2.xMode !== this.options.xMode && this.runInfo(this.focused)?.lr) {
      const lr = (await this.load("lr", [this.focused])).data;
      const scale = lr && makeEpochScale(lr.epochs, lr.schedule?.steps_per_epoch);
      this.xsync.mapWindow(scale && (change2.xMode === "epoch" ? scale.toEpoch : scale.toStep));
    }
    return this.update(() => Object.assign(this.options, change2));
  }
  retheme() {
    this.theme = readTheme();
    return this.render();
  }
  // Data ------------------------------------------------------------------------
  runInfo(name) {
    return this.runsByName.get(name) ?? null;
  }
  /**
   * A route's response for `args`, fetched once per reload. A low-priority
   * request is sent in a task of its own: each fetch() costs the page's
   * thread a fraction of a millisecond, and the hundreds of a large
   * selection, sent at once, would hold up its first draw.
   * @param {"high"|"low"} [priority] fetch's priority for the request
   * @returns {Promise<{data: any, error: Error|null}>|{data: any, error: Error|null}} the response
   *     itself once it has arrived, so that a load plan sees at once what is already here
   */
  load(kind, args, priority) {
    const key = JSON.stringify([kind, ...args]);
    if (!this.cache.has(key)) {
      const send = () => this.api[kind](...args, priority ? { priority } : void 0);
      const sent = priority === "low" ? new Promise((resolve) => setTimeout(resolve, 0)).then(send) : send();
      const request = sent.then(
        (data) => ({ data, error: null }),
        (error) => ({ data: null, error })
      );
      this.cache.set(key, request);
      request.then((result) => {
        if (this.cache.get(key) === request) this.cache.set(key, result);
      });
    }
    return this.cache.get(key);
  }
  /** Starts every load the current state needs (loadplan.js's planLoads). */
  gather() {
    const runs = this.selected.map((n) => this.runInfo(n)).filter(Boolean);
    const focus = this.runInfo(this.focused);
    const needs = { runs, focus, showLoss: this.options.showLoss, layer: this.layer };
    return planLoads(needs, (kind, args, priority) => this.load(kind, args, priority));
  }
  // Drawing ---------------------------------------------------------------------
  colorOf(run) {
    return this.theme.palette[this.colors.get(run) ?? 0];
  }
  async render() {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation;
    delete document.body.dataset.ready;
    this.hovercard.hide();
    if (this.runs.length > 0) {
      if (!await drawAsLoaded(this.gather(), (loaded) => this.draw(loaded), { stale })) return;
    } else {
      this.draw(null);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!stale()) document.body.dataset.ready = "true";
  }
  draw(loaded) {
    const state = {
      runs: this.runs,
      runsError: this.runsError,
      runsWarnings: this.runsWarnings,
      selected: this.selected ?? [],
      focused: this.focused,
      options: this.options
    };
    const colorOf = (run) => this.colorOf(run);
    const page = pageModel(state, loaded, { theme: this.theme, colorOf });
    this.messages.replaceChildren(...page.messages.map((text) => el("p", { className: "cs-message", text })));
    this.notices.replaceChildren(...page.notices.map(warningNotice));
    this.picker.update({ ...page.picker, colorOf });
    this.showProgress(page.progress);
    this.empty.hidden = !page.showEmpty;
    this.lrCard.hidden = !page.lr;
    this.topbar.update(page.topbar);
    if (!page.lr) {
      this.reluCard.hidden = true;
      this.snapshotCard.hidden = true;
      return;
    }
    this.xsync.setDomain(page.domain);
    this.drawLr(page.lr, page.rangeTest);
    this.drawRelu(page.relu);
    this.drawSnapshots(page.snapshots);
  }
  /** "Loaded 37 of 500 runs…", and `body[data-pending]`, while selected runs are still loading. */
  showProgress(progress) {
    this.progress.textContent = progress?.text ?? "";
    this.progress.hidden = !progress;
    if (progress) document.body.dataset.pending = String(progress.pending);
    else delete document.body.dataset.pending;
  }
  /** The LR chart, or the focused run's LR range test in its place. */
  drawLr({ chart, key, summary, note }, rangeTest) {
    this.lrTitle.textContent = rangeTest ? "LR range test" : "Learning rate";
    this.key.replaceChildren(rangeTest ? "" : chartKey(this.theme, key));
    this.summary.replaceChildren(summary ? summaryLine(summary) : "");
    this.lrNote.textContent = note;
    this.rangeTest.node.hidden = !rangeTest;
    this.lrChart.node.hidden = Boolean(rangeTest) || chart.runs.length === 0;
    if (rangeTest) this.rangeTest.update({ ...rangeTest, chart: { ...rangeTest.chart, theme: this.theme } });
    else this.lrChart.update(chart);
  }
  drawRelu(relu) {
    this.reluCard.hidden = !relu;
    if (!relu) return;
    this.reluBody.hidden = relu.placeholder !== null;
    this.reluPlaceholder.hidden = relu.placeholder === null;
    this.reluNote.textContent = "";
    if (relu.placeholder !== null) {
      this.reluPlaceholder.textContent = relu.placeholder;
      return;
    }
    this.reluNote.textContent = relu.note;
    this.deadChart.update(relu.chart);
    this.heatmap.update(relu.heatmap);
    this.layerSelect.replaceChildren(
      ...relu.layers.map((l) => new Option(l.label, l.value, false, l.selected))
    );
    if (relu.ridgeline) {
      this.histBody.replaceChildren(this.ridgeline.node);
      this.ridgeline.update(relu.ridgeline);
    } else {
      this.histBody.replaceChildren(el("p", { className: "cs-placeholder", text: relu.histPlaceholder }));
    }
  }
  drawSnapshots(snapshots) {
    this.snapshotCard.hidden = !snapshots;
    if (!snapshots) return;
    this.snapshotNote.textContent = snapshots.run;
    this.snapshotBody.replaceChildren(snapshotTable(snapshots.table));
  }
};
export {
  startApp
};
