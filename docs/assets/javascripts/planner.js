/* The planner's form: the same formulas as generator/planner.py, for any model size or token budget.
 *
 * The page's tables are computed at build time; this script answers the same questions for what a
 * reader types. Its inputs are data/planner.json (written by the generator from the facts), its
 * words come from the page (data-* attributes the generator writes in the page's language), and
 * tests/test_planner.py runs these functions in Node over a grid of inputs and compares every
 * shown figure with Python's. No request leaves the site.
 *
 * Each number field takes only what its min, max and step attributes allow (generator/planner.py,
 * FORM_BOUNDS): anything else (empty, 1e-320, 1e308, a negative number) is refused, the field marked
 * aria-invalid and described by its message (written, hidden, in the page), and nothing is worked out.
 * Within the bounds every figure is a finite number; tests/test_planner.py runs their corners.
 *
 * A row that lacks what a task needs (data/planner.json: rows[].tasks[task].lacks, from
 * generator/derived.py, support) answers "unsupported": no fit, speed, time or price, and a sentence
 * under the table says why, as the page's tables do.
 *
 * Memory is added up part by part as generator/memory.py does (weights in the task's format, the parts
 * kept in 16 bits, KV cache, training state, activations); a GPU's row leaves its reserve (the CUDA
 * context) out of the memory a model may use. The table under the result shows the parts.
 *
 * The form's values live in the page's address (?task=infer-bf16&model=llama-3-1-8b&billions=8&context=4096
 * &kv=16&batch=1&tokens=...&utilization=...): read when the page opens (a value missing keeps the field's
 * own; an option the form lacks is ignored), written back with history.replaceState when the reader
 * changes a field, so that the address shares the answer. The home page links here with its cases.
 */
(function (root) {
  "use strict";

  /* --- memory, part by part (generator/memory.py) --- */

  var PARTS = ["weights", "sixteen_bit", "kv_cache", "training", "activations"];
  var SIXTEEN_BIT_BYTES = 2;

  function sixteenBitBillions(layers, hidden, vocab, tied) {
    return (vocab * hidden * (tied ? 1 : 2) + (2 * layers + 1) * hidden) / 1e9;
  }

  function adapterBillions(layers, hidden, kvDim, ffn, rank, targets, experts) {
    var e = experts || 1;  // a mixture of experts: adapters on each expert's MLP
    var sides = {
      q: hidden + hidden, k: hidden + kvDim, v: hidden + kvDim, o: hidden + hidden,
      gate: e * (hidden + ffn), up: e * (hidden + ffn), down: e * (ffn + hidden)
    };
    var sum = 0;
    targets.forEach(function (target) { sum += sides[target]; });
    return layers * rank * sum / 1e9;
  }

  function activationsGb(layers, hidden, tokens, batch, bytesPer) {
    return tokens * batch * hidden * layers * bytesPer / 1e9;
  }

  function weightsGb(billions, bits, keptShare) {
    var kept = billions * keptShare;
    return [(billions - kept) * bits / 8, kept * SIXTEEN_BIT_BYTES];
  }

  /* The dense model on file nearest in size (log scale; the first of equals): never a mixture of experts. */
  function nearestShape(models, billions) {
    var best = null, distance = Infinity;
    (models || []).forEach(function (m) {
      if (m.active_billions) return;
      var d = Math.abs(Math.log(m.billions / billions));
      if (d < distance) { best = m; distance = d; }
    });
    return best;
  }

  function keptShare(format, shape) {
    if (!format.keeps_16_bit || !shape) return 0;
    var kept = sixteenBitBillions(shape.layers, shape.hidden, shape.vocab, shape.tied);
    return Math.min(1, kept / shape.billions);
  }

  function embeddingShare(shape) {
    if (!shape || shape.tied) return 0;
    return Math.min(0.5, shape.vocab * shape.hidden / 1e9 / shape.billions);
  }

  /* c: {shape (a model, or null for the nearest), context (null: none for inference, the tables' for training),
     batch, kv8, checkpointing (null: the task's)}. */
  function breakdown(data, task, billions, c) {
    var shape = c.shape || nearestShape(data.models, billions);
    var format = byId(data.formats, task.weights);
    var w = weightsGb(billions, format.bits, keptShare(format, shape));
    var parts = { weights: w[0], sixteen_bit: w[1], kv_cache: 0, training: 0, activations: 0 };
    if (task.kind === "inference") {
      var element = c.kv8 ? data.kv_bytes_8bit : data.kv_bytes;
      if (c.context !== null && c.context !== undefined && shape && element) {
        parts.kv_cache = kvCacheGb(shape.layers, shape.kv_heads, shape.head_dim, element, c.context, c.batch);
      }
    } else {
      var optimizer = byId(data.optimizers, task.optimizer);
      var gradient = data.gradient_bytes, states = optimizer.bytes;
      if (task.trains === "adapters") {
        var trained = adapterBillions(
          shape.layers, shape.hidden, shape.kv_heads * shape.head_dim, shape.ffn, data.lora.rank, data.lora.targets,
          shape.experts
        );
        parts.training = trained * (SIXTEEN_BIT_BYTES + gradient + states);
      } else {
        parts.training = billions * (gradient + states);
      }
      var recompute = c.checkpointing === null || c.checkpointing === undefined ? task.checkpointing : c.checkpointing;
      var per = recompute ? data.checkpointed : data.activations;
      var tokens = c.context !== null && c.context !== undefined ? c.context : data.training_context;
      parts.activations = activationsGb(shape.layers, shape.hidden, tokens, c.batch, per);
    }
    parts.total = parts.weights + parts.sixteen_bit + parts.kv_cache + parts.training + parts.activations;
    return parts;
  }

  /* Parameters (billions) a token uses (generator/memory.py, active_billions): a mixture of experts' active
     share of them; all of a dense model's. Memory counts every parameter, speed only these. */
  function activeBillions(data, billions, c) {
    var shape = c.shape || nearestShape(data.models, billions);
    return shape && shape.active_billions ? billions * (shape.active_billions / shape.billions) : billions;
  }

  /* GB a decoding step reads: every weight a token uses but the input embedding matrix, and the KV cache. */
  function readGb(data, task, billions, c, parts) {
    var shape = c.shape || nearestShape(data.models, billions);
    var format = byId(data.formats, task.weights);
    var kept = billions * keptShare(format, shape);
    var quantized = Math.max(0, activeBillions(data, billions, c) - kept) * format.bits / 8;
    var table = billions * embeddingShare(shape);
    var tableGb = table * (keptShare(format, shape) ? SIXTEEN_BIT_BYTES : format.bits / 8);
    return quantized + parts.sixteen_bit - tableGb + parts.kv_cache;
  }

  /* The fit of a task a row can run (the JSON marks one it cannot: "unsupported", whatever the memory). */
  function fit(needGb, deviceGb, hostGb) {
    if (deviceGb === null || deviceGb === undefined) return null;
    if (needGb <= deviceGb) return "fits";
    if (hostGb !== null && hostGb !== undefined && needGb <= hostGb) return "host";
    return "no";
  }

  function kvCacheGb(layers, kvHeads, headDim, elementBytes, tokens, batch) {
    return 2 * layers * kvHeads * headDim * elementBytes * tokens * batch / 1e9;
  }

  function decodeTokensPerSecond(bandwidthGbS, readGbs, billions, batch, peakTflops, flops) {
    var bound = batch * bandwidthGbS / readGbs;
    if (peakTflops) {
      bound = Math.min(bound, peakTflops * 1e12 / (flops * billions * 1e9));
    }
    return bound;
  }

  function trainingHours(billions, tokens, peakTflops, utilization, flops) {
    var operations = flops * billions * 1e9 * tokens;
    return operations / (peakTflops * 1e12 * utilization) / 3600;
  }

  function costPerMillionTokens(dollarsPerHour, tokensPerSecond) {
    return dollarsPerHour / (tokensPerSecond * 3600) * 1e6;
  }

  /* A number to three significant digits, rounded half up on its shortest decimal form (as Python's
     Decimal(repr(x)) does), written with thousands separators: 1,230 / 18.8 / 0.0123. */
  function shown(value) {
    if (!isFinite(value)) return "—";  // never NaN or Infinity on the page (the form refuses what gives them)
    if (value === 0) return "0";
    var negative = value < 0;
    var parts = Math.abs(value).toExponential().split("e");  // shortest digits that give the number back
    var digits = parts[0].replace(".", "");
    var exponent = parseInt(parts[1], 10);
    var kept = digits.slice(0, 3);
    while (kept.length < 3) kept += "0";
    if (digits.length > 3 && digits.charAt(3) >= "5") {  // half up
      var carried = (parseInt(kept, 10) + 1).toString();
      if (carried.length > 3) { exponent += 1; carried = carried.slice(0, 3); }
      kept = carried;
    }
    // kept holds three digits d.dd × 10^exponent: place the point
    var point = exponent + 1;
    var whole, fraction;
    if (point <= 0) {
      whole = "0";
      fraction = new Array(1 - point).join("0") + kept;
    } else if (point >= 3) {
      whole = kept + new Array(point - 3 + 1).join("0");
      fraction = "";
    } else {
      whole = kept.slice(0, point);
      fraction = kept.slice(point);
    }
    fraction = fraction.replace(/0+$/, "");
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + whole + (fraction ? "." + fraction : "");
  }

  /* A count (tokens of a context, a batch) written exactly, with thousands separators, as the pages
     write words.number(): 4,096 and 131,072, never rounded to 4,100 or 131,000 as figures are. */
  function whole(value) {
    if (!isFinite(value)) return "—";
    return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /* Dollars as the pages write them (generator/words.py cents): three significant digits, at least two
     decimals: $0.119 / $2.50 / $12.30. */
  function money(value) {
    var text = shown(value);
    if (text === "—") return text;
    var point = text.indexOf(".");
    if (point < 0) return "$" + text + ".00";
    return "$" + text + (text.length - point - 1 < 2 ? "0" : "");
  }

  /* Every figure of one row for one model and task, as the page shows them (null where none applies);
     c is the case (breakdown): the model shape, the context, the batch, the KV cache's precision.
     row.tasks[task.id] holds what the row makes of the task: the precision it computes in, that
     precision's peak, and what it lacks if it cannot run the task (then the fit is "unsupported"). */
  function answer(data, task, billions, tokens, row, c) {
    var here = (row.tasks || {})[task.id] || {};
    var parts = breakdown(data, task, billions, c);
    var need = parts.total;
    var usable = row.memory_gb === null || row.memory_gb === undefined ? null : row.memory_gb - (row.reserve_gb || 0);
    var where = here.lacks ? "unsupported" : fit(need, usable, row.host_gb);
    var onCard = where === "fits";
    var speed = null, hours = null, perMillion = null, perRun = null;
    if (task.kind === "inference" && onCard && row.bandwidth_gb_s && task.flops) {
      speed = decodeTokensPerSecond(
        row.bandwidth_gb_s, readGb(data, task, billions, c, parts), activeBillions(data, billions, c), c.batch,
        here.peak_tflops, task.flops
      );
      if (row.dollars_per_hour !== undefined && row.dollars_per_hour !== null) {
        perMillion = costPerMillionTokens(row.dollars_per_hour, speed);
      }
    }
    if (task.kind === "training" && onCard && here.peak_tflops && data.utilization && task.flops) {
      hours = trainingHours(activeBillions(data, billions, c), tokens, here.peak_tflops, data.utilization, task.flops);
      if (row.dollars_per_hour !== undefined && row.dollars_per_hour !== null) {
        perRun = row.dollars_per_hour * hours;
      }
    }
    return {
      need: need, parts: parts, fit: where, precision: here.lacks ? null : here.precision || null,
      speed: speed, hours: hours, perMillion: perMillion, perRun: perRun
    };
  }

  /* Which parts apply to a task (a dash for the others): the 16-bit parts to a format that keeps them, the KV
     cache to inference, the training state and activations to training. */
  function applies(data, task, part) {
    if (part === "sixteen_bit") return !!byId(data.formats, task.weights).keeps_16_bit;
    if (part === "kv_cache") return task.kind === "inference";
    if (part === "training" || part === "activations") return task.kind === "training";
    return true;
  }

  function nameIn(name, data, lang) {
    return typeof name === "string" ? name : name[lang] || name[data.languages[0]];
  }

  /* Why the task cannot run on the rows that lack what it needs: a sentence per feature lacked, naming
     the rows (words.unsupported, with {task}, {feature}, {min} and {names} to fill), as the page writes it. */
  function unsupportedNote(data, task, words, lang) {
    var lacking = [], byFeature = {};
    data.rows.forEach(function (row) {
      var lacks = ((row.tasks || {})[task.id] || {}).lacks;
      if (!lacks) return;
      if (!byFeature[lacks]) { byFeature[lacks] = []; lacking.push(lacks); }
      byFeature[lacks].push(nameIn(row.name, data, lang));
    });
    return lacking.map(function (id) {
      var names = byFeature[id].join(words.listSeparator), template = words.unsupported, filled;
      if (id === "runs-on") {  // the task's software runs on other kinds of accelerator (task.runs_on)
        var kinds = task.runs_on.map(function (kind) { return words["kind" + kind[0].toUpperCase() + kind.slice(1)]; });
        template = words.unsupportedKind;
        filled = { task: nameIn(task.name, data, lang), kinds: kinds.join(words.listSeparator), names: names };
      } else {
        var feature = byId(data.features, id);
        filled = {
          task: nameIn(task.name, data, lang), feature: nameIn(feature.name, data, lang),
          min: feature.min_capability, names: names
        };
      }
      return template.replace(/\{(task|feature|min|names|kinds)\}/g, function (_, key) { return filled[key]; });
    }).join(" ");
  }

  function byId(list, id) {
    return (list || []).filter(function (item) { return item.id === id; })[0];
  }

  /* The number typed into a field, or null if the field's bound ({least, most, whole}, read from its
     min, max and step attributes) refuses it: empty, not a number, too small, too large, or not whole. */
  function accepted(text, bound) {
    if (typeof text !== "string" || text.trim() === "") return null;
    var n = Number(text);
    if (!isFinite(n) || n < bound.least || n > bound.most) return null;
    if (bound.whole && !Number.isInteger(n)) return null;
    return n;
  }

  /* The case the form describes, {case, note}: for inference, the KV cache of the chosen model (none without
     one); for training, the chosen model (or the nearest) on sequences of the context typed. */
  function caseOf(data, task, shape, context, batch, kv8, words) {
    if (task.kind !== "inference") {
      return { c: { shape: shape || null, context: context, batch: batch }, note: words.kvTraining };
    }
    if (!shape || !data.kv_bytes) return { c: { shape: null, context: null, batch: batch, kv8: kv8 }, note: words.kvNone };
    var c = { shape: shape, context: context, batch: batch, kv8: kv8 };
    var gb = kvCacheGb(shape.layers, shape.kv_heads, shape.head_dim, kv8 ? data.kv_bytes_8bit : data.kv_bytes, context, batch);
    var note = words.kvNote.replace("{gb}", shown(gb));
    if (context > shape.context) note += " " + words.kvBeyond.replace("{context}", whole(shape.context));
    return { c: c, note: note };
  }

  /* What the form shows for the values typed into it ({name: text}), each number field checked against
     its bound ({name: {least, most, whole}}): {refused: [names]} (nothing is worked out), or the rows
     (each a list of {text, title} cells), the KV cache line and the two column headings. */
  function outcome(data, values, bounds, words, lang) {
    var numbers = {}, refused = [];
    Object.keys(bounds).forEach(function (name) {
      var n = accepted(values[name], bounds[name]);
      if (n === null) refused.push(name); else numbers[name] = n;
    });
    var task = byId(data.tasks, values.task);
    if (refused.length || !task) return { refused: refused };
    var asked = caseOf(
      data, task, byId(data.models, values.model), numbers.context || data.training_context, numbers.batch || 1,
      values.kv === "8", words
    );
    var assumed = Object.assign({}, data, { utilization: numbers.utilization / 100 });
    var finite = true, parts = null;
    var rows = data.rows.map(function (row) {
      var a = answer(assumed, task, numbers.billions, numbers.tokens, row, asked.c);
      parts = a.parts;
      [a.need, a.speed, a.hours, a.perMillion, a.perRun].concat(PARTS.map(function (part) {
        return a.parts[part];
      })).forEach(function (figure) {
        if (figure !== null && !isFinite(figure)) finite = false;
      });
      var speedOrHours = task.kind === "inference" ? a.speed : a.hours;
      var cost = task.kind === "inference" ? a.perMillion : a.perRun;
      var precision = a.fit === "unsupported" ? "—"
        : a.precision ? words["precision" + a.precision[0].toUpperCase() + a.precision.slice(1)] : words.unknown;
      return [
        { text: nameIn(row.name, data, lang) },
        { text: shown(a.need) },
        a.fit ? { text: words["mark" + a.fit[0].toUpperCase() + a.fit.slice(1)], title: words[a.fit + "Name"] }
          : { text: words.unknown },
        { text: precision },
        { text: speedOrHours === null ? "—" : shown(speedOrHours) },
        { text: cost === null ? (row.free && a.fit === "fits" ? words.free : "—") : money(cost) }
      ];
    });
    if (!finite) return { refused: [] };  // cannot happen within the bounds; never shown if it did
    var cells = PARTS.map(function (part) { return applies(data, task, part) ? shown(parts[part]) : "—"; });
    cells.push(shown(parts.total));
    return {
      rows: rows,
      parts: cells,
      kvNote: asked.note,
      unsupported: unsupportedNote(data, task, words, lang),
      figureHead: task.kind === "inference" ? words.speedHead : words.hoursHead,
      costHead: task.kind === "inference" ? words.perMillionHead : words.perRunHead
    };
  }

  /* --- answers people ask for (generator/derived.py: first_token_bound, max_context, max_batch, best_format) --- */

  /* Whether the case fits the row's memory for the task (a row that lacks what the task needs: never). */
  function fitsOn(data, task, billions, row, c) {
    var here = (row.tasks || {})[task.id] || {};
    if (here.lacks) return false;
    var usable = row.memory_gb === null || row.memory_gb === undefined ? null : row.memory_gb - (row.reserve_gb || 0);
    return fit(breakdown(data, task, billions, c).total, usable, row.host_gb) === "fits";
  }

  /* Lower bound on seconds to the first token: the prompt (the case's context × sequences) × operations per
     parameter a token uses ÷ the peak of the precision the task computes in; null where it does not apply. */
  function firstToken(data, task, billions, row, c) {
    var peak = ((row.tasks || {})[task.id] || {}).peak_tflops;
    if (task.kind !== "inference" || c.context === null || c.context === undefined || !peak || !task.flops) return null;
    if (!fitsOn(data, task, billions, row, c)) return null;
    return c.context * c.batch * task.flops * activeBillions(data, billions, c) * 1e9 / (peak * 1e12);
  }

  /* The largest whole n from 1 to most for which fits(n) holds (true up to some n, false after); null if none. */
  function largestWhole(fits, most) {
    if (!fits(1)) return null;
    if (fits(most)) return most;
    var low = 1, high = most;
    while (high - low > 1) {
      var middle = Math.floor((low + high) / 2);
      if (fits(middle)) low = middle; else high = middle;
    }
    return low;
  }

  function withCase(c, shape, context, batch) {
    return { shape: shape, context: context, batch: batch, kv8: c.kv8, checkpointing: c.checkpointing };
  }

  /* The longest context that fits, up to the model's own and the form's bound (contextMost). */
  function maxContext(data, task, billions, row, c, contextMost) {
    var shape = c.shape || nearestShape(data.models, billions);
    if (!shape) return null;
    return largestWhole(function (tokens) {
      return fitsOn(data, task, billions, row, withCase(c, shape, tokens, c.batch));
    }, Math.min(shape.context, contextMost));
  }

  /* The largest batch that fits at the case's context (the tables' training sequence without one). */
  function maxBatch(data, task, billions, row, c, batchMost) {
    var shape = c.shape || nearestShape(data.models, billions);
    var context = c.context !== null && c.context !== undefined ? c.context : data.training_context;
    return largestWhole(function (batch) {
      return fitsOn(data, task, billions, row, withCase(c, shape, context, batch));
    }, batchMost);
  }

  /* The task doing the same in the format with the most bits per weight (the first of equals) that fits. */
  function bestFormat(data, task, billions, row, c) {
    var best = null, bits = -1;
    data.tasks.forEach(function (t) {
      if (t.kind !== task.kind || t.trains !== task.trains || t.optimizer !== task.optimizer) return;
      if (t.checkpointing !== task.checkpointing) return;
      var b = byId(data.formats, t.weights).bits;
      if (b > bits && fitsOn(data, t, billions, row, c)) { best = t; bits = b; }
    });
    return best;
  }

  function wholeNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /* The form's answers on each row ({name, cells}): the first token, the longest context (the model's own limit
     said so: words.modelLimit), the largest batch and the best format, for the values typed; null if refused. */
  function answerRows(data, values, bounds, words, lang) {
    var numbers = {}, refused = false;
    Object.keys(bounds).forEach(function (name) {
      var n = accepted(values[name], bounds[name]);
      if (n === null) refused = true; else numbers[name] = n;
    });
    var task = byId(data.tasks, values.task);
    if (refused || !task) return null;
    var asked = caseOf(
      data, task, byId(data.models, values.model), numbers.context || data.training_context, numbers.batch || 1,
      values.kv === "8", words
    ).c;
    var shape = asked.shape || nearestShape(data.models, numbers.billions);
    return data.rows.map(function (row) {
      var first = firstToken(data, task, numbers.billions, row, asked);
      var longest = maxContext(data, task, numbers.billions, row, asked, bounds.context.most);
      var batch = maxBatch(data, task, numbers.billions, row, asked, bounds.batch.most);
      var best = bestFormat(data, task, numbers.billions, row, asked);
      var context = longest === null ? "—" : wholeNumber(longest);
      if (longest !== null && shape && longest === shape.context) context = words.modelLimit.replace("{context}", context);
      return [
        nameIn(row.name, data, lang), first === null ? "—" : shown(first), context,
        batch === null ? "—" : wholeNumber(batch), best ? nameIn(best.name, data, lang) : "—"
      ];
    });
  }

  /* Draws the answers' table (#planner-answers-rows) for the values typed; empties it if they are refused. */
  function drawAnswers(data, values, bounds, words, lang) {
    var body = root.document.getElementById("planner-answers-rows");
    if (!body) return;
    body.textContent = "";
    (answerRows(data, values, bounds, words, lang) || []).forEach(function (cells) {
      var tr = root.document.createElement("tr");
      cells.forEach(function (text) {
        var td = root.document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  var api = {
    answerRows: answerRows,
    firstToken: firstToken,
    maxContext: maxContext,
    maxBatch: maxBatch,
    bestFormat: bestFormat,
    breakdown: breakdown,
    readGb: readGb,
    nearestShape: nearestShape,
    kvCacheGb: kvCacheGb,
    fit: fit,
    decodeTokensPerSecond: decodeTokensPerSecond,
    trainingHours: trainingHours,
    costPerMillionTokens: costPerMillionTokens,
    shown: shown,
    whole: whole,
    caseOf: caseOf,
    answer: answer,
    accepted: accepted,
    outcome: outcome
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  /* --- the form on the page --------------------------------------------------------------------- */

  var form = root.document && root.document.getElementById("planner-form");
  if (!form) return;
  var words = form.dataset;
  var lang = root.document.documentElement.lang || "en";

  function cell(text, title) {
    var td = root.document.createElement("td");
    td.textContent = text;
    if (title) td.title = title;
    return td;
  }

  var fields = Array.prototype.slice.call(form.querySelectorAll("input[type=number]"));

  /* Each number field's bound, from its min, max and step attributes (the generator writes them). */
  function bounds() {
    var out = {};
    fields.forEach(function (field) {
      out[field.name] = { least: Number(field.min), most: Number(field.max), whole: field.step === "1" };
    });
    return out;
  }

  /* A refused field is marked invalid and described by its message (written in the page, hidden until then). */
  function mark(field, refused) {
    var message = root.document.getElementById("planner-" + field.name + "-error");
    message.hidden = !refused;
    if (refused) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", message.id);
    } else {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    }
  }

  function draw(data) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (field) {
      values[field.name] = field.value;
    });
    var shownNow = outcome(data, values, bounds(), words, lang);
    drawAnswers(data, values, bounds(), words, lang);
    var body = root.document.getElementById("planner-result-rows");
    var kvLine = root.document.getElementById("planner-kv");
    var lacking = root.document.getElementById("planner-unsupported");
    body.textContent = "";
    kvLine.textContent = "";
    lacking.textContent = "";
    fields.forEach(function (field) { mark(field, (shownNow.refused || []).indexOf(field.name) >= 0); });
    var partRows = root.document.querySelectorAll("#planner-parts-rows tr");
    if (shownNow.refused) {
      Array.prototype.forEach.call(partRows, function (tr) { tr.cells[1].textContent = "—"; });
      root.document.getElementById("planner-status").textContent = words.invalid;
      return;
    }
    root.document.getElementById("planner-status").textContent = "";
    kvLine.textContent = shownNow.kvNote;
    lacking.textContent = shownNow.unsupported;
    Array.prototype.forEach.call(partRows, function (tr, i) { tr.cells[1].textContent = shownNow.parts[i]; });
    shownNow.rows.forEach(function (cells) {
      var tr = root.document.createElement("tr");
      cells.forEach(function (c) { tr.appendChild(cell(c.text, c.title)); });
      body.appendChild(tr);
    });
    root.document.getElementById("planner-figure-head").textContent = shownNow.figureHead;
    root.document.getElementById("planner-cost-head").textContent = shownNow.costHead;
  }

  /* --- the form's values live in the page's address (?task=...&model=...&billions=...), so that an
     answer can be shared: read on load, written back (history.replaceState) as the reader changes them. */

  var FIELD_NAMES = ["task", "model", "billions", "context", "kv", "batch", "tokens", "utilization"];

  function fromAddress(data) {
    var asked = new root.URLSearchParams(root.location.search), taken = false;
    FIELD_NAMES.forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (!field || !asked.has(name)) return;
      var value = asked.get(name);
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
        return;  // an option this build does not have: the field keeps its own
      }
      field.value = value;
      taken = true;
      if (name === "model" && !asked.has("billions")) {  // a model without a size: the model's size
        var shape = byId(data.models, value);
        if (shape) form.querySelector("[name=billions]").value = shape.billions;
      }
    });
    return taken;
  }

  function toAddress() {
    var asked = new root.URLSearchParams(root.location.search);
    FIELD_NAMES.forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) asked.set(name, field.value);
    });
    var url = root.location.pathname + "?" + asked.toString() + root.location.hash;
    root.history.replaceState(root.history.state, "", url);
  }

  root.fetch(form.dataset.src).then(function (response) { return response.json(); }).then(function (data) {
    var model = form.querySelector("[name=model]");
    if (model) {  // choosing a model fills in its size
      model.addEventListener("change", function () {
        var shape = byId(data.models, model.value);
        if (shape) form.querySelector("[name=billions]").value = shape.billions;
      });
    }
    form.addEventListener("input", function () { draw(data); toAddress(); });
    form.addEventListener("change", function () { draw(data); toAddress(); });
    // The page comes with the answer to the form as written (generator/view_planner.py, planner_opening);
    // draw only if the address asks for other values, or the browser has put other values back into it
    // (as after going back to the page).
    var asked = fromAddress(data);
    var restored = Array.prototype.some.call(form.querySelectorAll("input, select"), function (field) {
      if (field.tagName !== "SELECT") return field.value !== field.defaultValue;
      var written = Array.prototype.findIndex.call(field.options, function (option) { return option.defaultSelected; });
      return field.selectedIndex !== Math.max(written, 0);  // none marked: the first is the one written
    });
    if (asked || restored) draw(data);
    form.dataset.ready = "true";  // for the browser tests: the address is read and the answer drawn
  });
})(typeof window !== "undefined" ? window : globalThis);
