// The app frame's script: fits every plotly chart to the width it is drawn at (phone, screen, paper).
// Loaded by frame.py into st.html (static text only). DOMPurify, which Streamlit passes st.html
// through, drops a script whose text holds "<" followed by a letter, "/" or "!": plotly markup is
// written with \u003c, and no comment may hold such a "<" either (tests check there is none).
(function () {
  "use strict";
  if (window.wpsFrame) { return; }
  window.wpsFrame = true;
  var css = document.createElement("style");  // in the document's head: it outlives Streamlit's reruns
  css.id = "wps-frame-css";
  css.textContent = __CSS__;
  document.head.appendChild(css);
  var BR = "\u003cbr>", B0 = "\u003cb>", B1 = "\u003c/b>";
  var ctx = document.createElement("canvas").getContext("2d");
  var YEAR_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];
  var NARROW = 520;  // px: a phone's chart
  var NBSP = "\u00a0", KEYED = 12;  // a matrix of up to KEYED columns numbers them when their names cannot fit

  function plots() { return Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot")); }

  function measure(text, font) {
    ctx.font = (font && font.size || 12) + "px " + (font && font.family || "sans-serif");
    return ctx.measureText(String(text).replace(/\u003c[^>]*>/g, "").replace(/&#?\w+;/g, "x")).width;
  }

  function unwrap(text) { return String(text || "").split(B1 + BR + B0).join(" ").split(BR).join(" "); }

  // Greedy wrap at spaces to lines of at most `room` px; a bold title stays bold on every line.
  function wrap(text, room, font) {
    var bold = text.indexOf(B0) === 0 && text.slice(-B1.length) === B1;
    var inner = bold ? text.slice(B0.length, -B1.length) : text;
    var lines = [], line = "";
    inner.split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure(next, font) * 1.04 > room) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) { lines.push(line); }
    var out = bold ? B0 + lines.join(B1 + BR + B0) + B1 : lines.join(BR);
    return { text: out, lines: Math.max(lines.length, 1) };
  }

  // Relayout with the chart's events muted, so Streamlit's copy of the figure is not changed.
  // Once they are all drawn (plotly may move margins after), the chart is fitted once more, as
  // drawn: the second pass measures what the first changed and is a no-op when nothing moved.
  function quiet(gd, update, traces) {
    if (!Object.keys(update).length) { return; }
    if (!gd.wpsEmit) { gd.wpsEmit = gd.emit; gd.emit = function () {}; }
    gd.wpsDepth = (gd.wpsDepth || 0) + 1;
    var done = function () {
      gd.wpsDepth -= 1;
      if (gd.wpsDepth === 0 && gd.wpsEmit) { gd.emit = gd.wpsEmit; delete gd.wpsEmit; }
      if (gd.wpsDepth === 0) {
        gd.wpsPass = (gd.wpsPass || 0) + 1;
        if (gd.wpsPass === 1) {  // not fitted (tests wait for the mark) until the second pass
          gd.removeAttribute("data-wps-fit");
          schedule(gd, gd.wpsWidth);
        } else { gd.wpsPass = 0; }
      }
    };
    try {
      var p = traces ? window.Plotly.restyle(gd, update, traces) : window.Plotly.relayout(gd, update);
      Promise.resolve(p).then(done, done);
    } catch (err) { done(); }
  }

  // Title and subtitle wrapped to `width`, a size smaller on a phone, the top margin grown by the lines added.
  function titleUpdate(gd, width) {
    var fl = gd._fullLayout, lay = gd.layout, base = lay.wpsBase, up = {}, extra = 0, room = width - 24;
    var title = lay.title && typeof lay.title === "object" ? lay.title : null;
    if (title && title.text) {
      var size = width < NARROW ? Math.min(base.title, 15) : base.title;
      var t = wrap(unwrap(title.text), room, { size: size, family: fl.title.font.family });
      if (t.text !== title.text) { up["title.text"] = t.text; }
      if (fl.title.font.size !== size) { up["title.font.size"] = size; }
      extra += t.lines * size * 1.25;
      var sub = title.subtitle && title.subtitle.text;
      if (sub) {
        var subSize = width < NARROW ? Math.min(base.subtitle, 12) : base.subtitle;
        var s = wrap(unwrap(sub), room, { size: subSize, family: fl.title.subtitle.font.family });
        if (s.text !== sub) { up["title.subtitle.text"] = s.text; }
        if (fl.title.subtitle.font.size !== subSize) { up["title.subtitle.font.size"] = subSize; }
        extra += 4 + s.lines * subSize * 1.25;
      }
    }
    var top = Math.max(base.top, Math.round(extra + 40));
    if (Math.abs(fl.margin.t - top) > 0.5) { up["margin.t"] = top; }
    var y = 1 - 16 / fl.height;  // the title at the top, the subtitle under it, both above the plot
    if (fl.title.yref !== "container" || Math.abs(fl.title.y - y) > 0.001 || fl.title.yanchor !== "top") {
      up["title.yref"] = "container";
      up["title.y"] = y;
      up["title.yanchor"] = "top";
    }
    return up;
  }

  // With `rows`, labels beside a data row (a bar's value): one line, smaller on a phone; those in a
  // column beside the plot (paper x >= 1) get a right margin as wide as the widest, measured.
  // Without, a note on the plot (a reference line's label) that runs off the canvas is wrapped to
  // the room it has (measured after the rows' pass has set the margins).
  function annotationUpdate(gd, width, rows) {
    var fl = gd._fullLayout, lay = gd.layout, up = {}, svg = gd.querySelector("svg.main-svg");
    if (!svg || !lay.annotations) { return up; }
    var box = svg.getBoundingClientRect(), column = 0, count = 0, most = 0, need = 0, lineH = 0;
    if (rows) {  // the column's width at full size, and whether the plot keeps 140 px beside it
      (lay.annotations || []).forEach(function (a, i) {
        var full = fl.annotations[i];
        if (!full || typeof a.text !== "string") { return; }
        if (a.wpsText === undefined) { a.wpsText = a.text; a.wpsSize = full.font.size; }
        if (a.wpsColumn === undefined) { a.wpsColumn = full.xref === "paper" && full.x >= 1 && full.xanchor === "left"; }
        if (a.wpsColumn) { need = Math.max(need, measure(a.wpsText, { size: a.wpsSize, family: full.font.family })); }
      });
    }
    var above = width < NARROW || need * 1.05 + 14 > fl.width - fl._size.l - 140;
    gd.querySelectorAll("g.annotation[data-index]").forEach(function (el) {
      var i = Number(el.getAttribute("data-index")), a = lay.annotations[i], full = fl.annotations[i];
      if (!a || !full || typeof a.text !== "string" || !a.text) { return; }
      var key = "annotations[" + i + "]";
      if (a.wpsText === undefined) { a.wpsText = a.text; a.wpsSize = full.font.size; }  // as sent
      if (/^y\d*$/.test(full.yref) !== Boolean(rows)) { return; }
      if (rows) {
        var size = width < NARROW ? Math.min(a.wpsSize, 10) : a.wpsSize;
        if (full.font.size !== size) { up[key + ".font.size"] = size; }
        // A phone (or a narrow column) has no room beside the plot: the label goes above its bar, its
        // value on one line and the rest (after the two spaces the chart puts between them) on the
        // next; rows grow to hold it.
        if (a.wpsColumn && above) {
          var parts = a.wpsText.split("  "), room = fl.width - fl._size.l - 14;
          var rest = wrap(parts.slice(1).join(" "), room, { size: size, family: full.font.family });
          var lines = parts.length > 1 ? parts[0] + BR + rest.text : a.wpsText;
          most = Math.max(most, parts.length > 1 ? 1 + rest.lines : 1);
          lineH = Math.max(lineH, size * 1.3);
          if (full.x !== 0) {
            up[key + ".x"] = 0; up[key + ".xshift"] = 0; up[key + ".yanchor"] = "bottom"; up[key + ".yshift"] = -3;
            up[key + ".align"] = "left";
          }
          if (a.text !== lines) { up[key + ".text"] = lines; }
          column = Math.max(column, 8);
          count += 1;
        } else if (a.wpsColumn) {
          if (full.x !== 1) {
            up[key + ".x"] = 1; up[key + ".xshift"] = 6; up[key + ".yanchor"] = "middle"; up[key + ".yshift"] = 0;
          }
          if (a.text !== a.wpsText) { up[key + ".text"] = a.wpsText; }
          column = Math.max(column, measure(a.wpsText, { size: size, family: full.font.family }) * 1.05 + 14);
        } else if (full.xanchor === "left" && /^x\d*$/.test(a.wpsXref || full.xref)) {
          // A label after its bar's end (a mandate's ceilings): wrapped to the room right of it; on a
          // phone, under its bar from the plot's left, wrapped to the chart's width.
          if (a.wpsXref === undefined) { a.wpsXref = full.xref; a.wpsX = a.x; }
          var font = { size: size, family: full.font.family }, plain = a.wpsText.trim();
          if (width < NARROW) {
            var under = wrap(plain, fl.width - fl._size.l - 14, font).text;
            if (full.xref !== "paper") {
              up[key + ".xref"] = "paper"; up[key + ".x"] = 0; up[key + ".yanchor"] = "top"; up[key + ".yshift"] = -9;
              up[key + ".align"] = "left";
            }
            if (a.text !== under) { up[key + ".text"] = under; }
          } else {
            if (full.xref !== a.wpsXref) {
              up[key + ".xref"] = a.wpsXref; up[key + ".x"] = a.wpsX; up[key + ".yanchor"] = "middle";
              up[key + ".yshift"] = 0;
            }
            var start = full.xref === a.wpsXref ? el.getBoundingClientRect().left : box.right;
            var room = box.right - start - 8, beside = a.wpsText;
            if (full.xref === a.wpsXref && measure(a.wpsText, font) > room) {  // each line after the same gap
              var gap = a.wpsText.slice(0, a.wpsText.length - a.wpsText.replace(/^\s+/, "").length);
              beside = gap + wrap(plain, room - measure(gap, font), font).text.split(BR).join(BR + gap);
            }
            if (a.text !== beside) { up[key + ".text"] = beside; }
            if (full.align !== "left") { up[key + ".align"] = "left"; }
          }
        }
        return;
      }
      var r = el.getBoundingClientRect(), room;
      if (full.xanchor === "left") { room = box.right - r.left; }
      else if (full.xanchor === "right") { room = r.right - box.left; }
      else { room = 2 * Math.min(box.right - (r.left + r.right) / 2, (r.left + r.right) / 2 - box.left); }
      var fits = measure(a.wpsText, full.font) <= room - 8;
      var text = fits ? a.wpsText : wrap(a.wpsText, room - 8, full.font).text;
      if (text !== a.text) { up[key + ".text"] = text; }
    });
    // the column's margin: wider when a label would not fit, narrower when it is 40 px too wide
    if (column && (fl.margin.r < column - 1 || fl.margin.r > column + 40)) { up["margin.r"] = Math.ceil(column); }
    if (column) { Object.assign(up, grow(gd, lay.wpsBase.height + Math.ceil(count * most * lineH))); }
    return up;
  }

  // The chart drawn `height` px tall, and Streamlit's boxes around it (sized to the height it sent,
  // the element's as a fixed flex basis) as tall, so nothing below is overlapped.
  function grow(gd, height) {
    var up = Math.abs(gd._fullLayout.height - height) > 0.5 ? { height: height } : {};
    gd.wpsGrownTo = height;
    var sent = height === gd.layout.wpsBase.height;
    ["stElementContainer", "stFullScreenFrame", "stPlotlyChart"].forEach(function (id) {
      var el = gd.closest("[data-testid='" + id + "']");
      if (!el) { return; }
      if (sent) { el.style.removeProperty("height"); el.style.removeProperty("flex-basis"); return; }
      el.style.height = height + "px";
      if (id === "stElementContainer") { el.style.flexBasis = height + "px"; }
    });
    if (sent) { gd.style.removeProperty("height"); } else { gd.style.height = height + "px"; }
    return up;
  }

  // A horizontal legend under the x axis's labels and title, never over them.
  function legendUpdate(gd) {
    var fl = gd._fullLayout, lay = gd.layout, up = {};
    var leg = gd.querySelector(".legend"), svg = gd.querySelector("svg.main-svg");
    var mine = lay.legend && lay.legend.yref === "container" && lay.legend.y === 0;
    if (!fl.showlegend || !leg || !svg || fl.legend.orientation !== "h" || !(mine || fl.legend.y < 0)) {
      return up;
    }
    var top = svg.getBoundingClientRect().top, plotBottom = fl._size.t + fl._size.h, below = plotBottom;
    gd.querySelectorAll(".xaxislayer-above text, .g-xtitle text").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.height) { below = Math.max(below, r.bottom - top); }
    });
    var b = Math.max(lay.wpsBase.bottom, Math.ceil(below - plotBottom + leg.getBoundingClientRect().height + 18));
    if (!mine) { up["legend.yref"] = "container"; up["legend.y"] = 0; up["legend.yanchor"] = "bottom"; }
    if (Math.abs(fl.margin.b - b) > 1) { up["margin.b"] = b; }
    return up;
  }

  // x-axis label spacing for the axis's length: level labels that never overlap.
  function axisTitles(gd, up) {  // an axis title wraps to its axis's length
    var fl = gd._fullLayout, subplots = fl._subplots || {};
    ["xaxis", "yaxis"].forEach(function (kind) {
      (subplots[kind] || []).forEach(function (id) {
        var name = kind + id.slice(1), ax = fl[name], title = gd.layout[name] && gd.layout[name].title;
        if (!ax || !ax.visible || !ax._length || !title || typeof title.text !== "string" || !title.text) { return; }
        var text = wrap(unwrap(title.text), Math.max(ax._length, 120), ax.title.font).text;
        if (text !== title.text) { up[name + ".title.text"] = text; }
      });
    });
  }

  // A word too long for `room` cut with hyphens (never inside an entity such as &amp;).
  function cut(word, room, font) {
    if (word.indexOf("&") >= 0 || measure(word, font) <= room || word.length < 8) { return [word]; }
    var parts = [], rest = word;
    while (rest.length > 4 && measure(rest, font) > room) {
      var n = rest.length - 1;
      while (n > 3 && (measure(rest.slice(0, n) + "-", font) > room || rest.length - n < 3)) { n -= 1; }
      parts.push(rest.slice(0, n) + "-");
      rest = rest.slice(n);
    }
    return parts.concat([rest]);
  }

  // Category labels for slots `room` px wide: wrapped at spaces, long words hyphenated; null if
  // one of them still needs more than five lines or more room.
  function fitLabels(texts, room, font) {
    var out = [];
    for (var i = 0; i < texts.length; i++) {
      var lines = [], line = "";
      unwrap(texts[i]).split(" ").forEach(function (word) {
        var pieces = cut(word, room, font);
        pieces.forEach(function (piece, j) {
          var next = line ? line + " " + piece : piece;
          if (line && measure(next, font) * 1.04 > room) { lines.push(line); line = piece; } else { line = next; }
          if (j < pieces.length - 1) { lines.push(line); line = ""; }  // a cut word goes on below
        });
      });
      if (line) { lines.push(line); }
      if (lines.length > 5 || lines.some(function (l) { return measure(l, font) > room + 0.5; })) { return null; }
      out.push(lines.join(BR));
    }
    return out;
  }

  // x-axis labels for the axis's length: level, apart, and (on an axis of years) whole years.
  function tickUpdate(gd) {
    var fl = gd._fullLayout, up = {};
    axisTitles(gd, up);
    ((fl._subplots && fl._subplots.xaxis) || []).forEach(function (id) {
      var name = "xaxis" + id.slice(1), ax = fl[name], lay = gd.layout[name] || {};
      if (!ax || !ax.visible || !ax._length) { return; }
      var set = function (key, value) {
        if (JSON.stringify(ax[key]) !== JSON.stringify(value)) { up[name + "." + key] = value; }
      };
      if (ax.type === "linear" && ax.tickformat === "d" && ax.range) {  // years: 1, 2, 5, 10... apart
        var span = Math.abs(ax.range[1] - ax.range[0]);
        var fits = Math.max(2, Math.floor(ax._length / (measure("0000", ax.tickfont) + 10)));
        set("tickmode", "linear");
        set("tick0", 0);
        set("dtick", YEAR_STEPS.filter(function (s) { return Math.floor(span / s) + 1 <= fits; })[0] || 100);
      } else if (ax.type === "linear" || ax.type === "log") {  // numbers: fewer ticks on a short axis
        if (lay.wpsTicks === undefined) { lay.wpsTicks = ax.nticks || 0; }
        var widest = 0;
        gd.querySelectorAll("g." + id + "tick > text").forEach(function (el) {
          widest = Math.max(widest, el.getBoundingClientRect().width);
        });
        var room = Math.floor(ax._length / (widest + 14));
        set("nticks", room < 4 ? Math.max(2, room) : lay.wpsTicks);
      } else if (ax.type === "category" && ax._categories && ax._categories.length) {
        if (!lay.wpsCats) {  // as sent: every category, with its label
          var given = ax.tickmode === "array" && ax.tickvals;
          lay.wpsCats = {
            vals: given ? ax.tickvals.slice() : ax._categories.slice(),
            text: given ? (ax.ticktext || ax.tickvals).map(String) : ax._categories.map(String),
            size: ax.tickfont.size,
          };
        }
        var cats = lay.wpsCats, slot = ax._length / ax._categories.length, labels = null, k = 1;
        var size = ax._length < NARROW - 100 ? Math.min(cats.size, 10) : cats.size;  // smaller on a phone
        var font = { size: size, family: ax.tickfont.family };
        for (; k <= cats.vals.length && !labels; k++) {
          var picked = cats.text.filter(function (_, i) { return i % k === 0; });
          labels = fitLabels(picked, slot * k - 4, font);
        }
        if (ax.tickfont.size !== size) { up[name + ".tickfont.size"] = size; }
        k -= 1;
        set("tickmode", "array");
        var heat = cats.vals.length <= KEYED && (gd._fullData || []).some(function (tr) {
          return tr.type === "heatmap" && tr.xaxis === id;
        });
        if (k > 1 && heat) {
          // A matrix whose column labels cannot all fit (a phone): every column gets its number, and
          // the numbers' key is written under the axis, so no column is left without its name.
          var key = cats.text.map(function (txt, i) {
            return (i + 1) + NBSP + unwrap(txt) + (i < cats.text.length - 1 ? NBSP + "·" : "");
          }).join(" ");
          var keyFont = { size: size, family: ax.title.font.family };
          var keyed = wrap(key, Math.max(ax._length, 120), keyFont), keyText = keyed.text;
          set("tickvals", cats.vals.slice());
          set("ticktext", cats.vals.map(function (_, i) { return String(i + 1); }));
          if (cats.title === undefined) { cats.title = ax.title.text || ""; }
          if ((lay.title && lay.title.text) !== keyText) { up[name + ".title.text"] = keyText; }
          if (ax.title.font.size !== size) { up[name + ".title.font.size"] = size; }
          // the chart grows by the key's lines, so its rows keep their height
          Object.assign(up, grow(gd, gd.layout.wpsBase.height + Math.ceil(keyed.lines * size * 1.3 + 6)));
          cats.keyed = true;
          return;
        }
        if (cats.keyed) {  // wide again (a printed page, a turned phone): the labels, and the title as sent
          up[name + ".title.text"] = cats.title;
          Object.assign(up, grow(gd, gd.layout.wpsBase.height));
          cats.keyed = false;
        }
        set("tickvals", cats.vals.filter(function (_, i) { return i % k === 0; }));
        set("ticktext", labels || cats.text.filter(function (_, i) { return i % k === 0; }));
      }
    });
    return up;
  }

  // On a phone, smaller labels beside a category y axis and level, smaller text on horizontal bars.
  function denseUpdate(gd, width) {
    var fl = gd._fullLayout, narrow = width < NARROW, up = {}, bars = [];
    var ya = fl.yaxis, base = gd.layout.wpsBase;
    if (ya && (ya.type === "category" || ya.type === "multicategory")) {
      var size = narrow ? Math.min(base.ytick, 10) : base.ytick;
      if (ya.tickfont.size !== size) { up["yaxis.tickfont.size"] = size; }
    }
    quiet(gd, up);
    (gd._fullData || []).forEach(function (tr, i) {
      var outside = String(tr.textposition).indexOf("outside") >= 0;
      if (tr.type === "bar" && tr.orientation === "h" && outside) { bars.push(i); }
    });
    var angle = narrow ? 0 : "auto";
    if (bars.length && gd._fullData[bars[0]].textangle !== angle) { quiet(gd, { textangle: angle }, bars); }
    (gd.data || []).forEach(function (tr, i) {  // two-level rows (group, body): both labels wrap
      if (!Array.isArray(tr.y) || tr.y.length !== 2 || !Array.isArray(tr.y[0]) || !Array.isArray(tr.y[1])) {
        return;
      }
      if (!tr.wpsRows) { tr.wpsRows = [tr.y[0].slice(), tr.y[1].slice()]; }
      var rows = tr.wpsRows.map(function (level, k) {  // as sent (wrapped by the server) but on a phone
        return !narrow ? level : level.map(function (n) {
          return wrap(unwrap(String(n)), k ? 100 : 60, { size: 10 }).text;
        });
      });
      if (rows[0].concat(rows[1]).join("|") !== tr.y[0].concat(tr.y[1]).join("|")) { quiet(gd, { y: [rows] }, [i]); }
    });
  }

  // Fit one chart to `width` (its own width when not given).
  function fit(gd, width) {
    var fl = gd._fullLayout, lay = gd.layout;
    if (!fl || !lay || !window.Plotly || !fl._size) { return; }
    if (!lay.wpsBase) {  // a layout as Streamlit sent it (kept on it, as Streamlit keeps the object)
      var subFont = fl.title.subtitle && fl.title.subtitle.font;
      lay.wpsBase = {
        top: fl.margin.t, bottom: fl.margin.b, title: fl.title.font.size,
        // the height as sent, not one this script grew (a layout re-sent as drawn keeps the grown one)
        height: gd.wpsGrownTo && Math.abs(fl.height - gd.wpsGrownTo) < 0.5 ? gd.wpsSentHeight : fl.height, subtitle: subFont ? subFont.size : 12,
        ytick: fl.yaxis && fl.yaxis.tickfont ? fl.yaxis.tickfont.size : 12
      };
      gd.wpsSentHeight = lay.wpsBase.height;
    }
    var w = width || fl.width, up = titleUpdate(gd, w);
    gd.wpsWidth = width;
    if (width && Math.abs(width - fl.width) > 0.5) { up.width = width; }
    quiet(gd, up);
    denseUpdate(gd, w);
    quiet(gd, tickUpdate(gd));
    quiet(gd, annotationUpdate(gd, w, true));
    quiet(gd, annotationUpdate(gd, w, false));
    quiet(gd, legendUpdate(gd));
    gd.setAttribute("data-wps-fit", String(Math.round(w)));  // fitted to this width (tests wait for it)
  }

  // One fit on the next frame, at the width of the latest call (a chart's own when not given).
  function schedule(gd, width) {
    gd.wpsNext = width;
    if (gd.wpsPending) { return; }
    gd.wpsPending = true;
    window.requestAnimationFrame(function () {
      gd.wpsPending = false;
      if (gd.isConnected) { fit(gd, gd.wpsNext); }
    });
  }

  function hook(gd) {
    if (gd.wpsHooked || typeof gd.on !== "function" || !gd._fullLayout) { return; }
    gd.wpsHooked = true;
    gd.on("plotly_afterplot", function () { gd.wpsPass = 0; schedule(gd); });
    schedule(gd);
  }

  // Entering or leaving print: each chart drawn again at its column's width on the paper (or screen).
  function printing() {
    plots().forEach(function (gd) {
      var box = gd.closest("[data-testid='stPlotlyChart']") || gd.parentElement;
      var w = Math.floor(box.getBoundingClientRect().width);
      if (gd._fullLayout && w) { gd.wpsPass = 0; fit(gd, w); }
    });
  }

  window.matchMedia("print").addEventListener("change", printing);
  var scanning = false;
  new MutationObserver(function () {
    if (scanning) { return; }
    scanning = true;
    window.requestAnimationFrame(function () { scanning = false; plots().forEach(hook); });
  }).observe(document.body, { childList: true, subtree: true });
  plots().forEach(hook);
})();
