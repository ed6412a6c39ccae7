// Site search in the header box: Pagefind's index of this page's language, loaded on first use.
// Accents are optional: Pagefind folds tone marks; the index spells đ as ḏ (thidua.search)
// so that folding also reads it as d. The query is spelled the same way, and results shown with đ.
(function () {
  "use strict";

  var box = document.querySelector("[data-td-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;

  var input = box.querySelector("[data-td-search-query]");
  var form = box.querySelector("[data-td-search-form]");
  var meta = box.querySelector("[data-td-search-meta]");
  var list = box.querySelector("[data-td-search-results]");
  var STEP = 10; // results shown at first, and added by each press of "more"
  var SUBRESULTS = 3; // sections shown under a page
  var pagefind = null; // the promise of the loaded module
  var latest = 0; // the number of the latest query: older answers are dropped
  var timer = null;
  var current = ""; // the query being answered
  var found = []; // every result of the query shown: their fragments load STEP at a time
  var shown = 0; // how many of them are in the list
  var loadingMore = false;
  // "More results", after the list (not in it: the list holds results only). Its text comes from
  // the box's data-t-more when the template gives one, else from the page's language.
  var more = document.createElement("button");
  more.type = "button";
  more.className = "td-search-more";
  more.hidden = true;
  more.textContent = box.getAttribute("data-t-more") ||
    ((document.documentElement.lang || "").indexOf("vi") === 0 ? "Xem thêm kết quả" : "More results");
  list.parentNode.insertBefore(more, list.nextSibling);

  // The box's state ("hint", "loading", "refreshing", "none", "one", "other", "file", "error") and the query it
  // answers are kept on the box as data-state and data-query: styles and tests can rely on them.
  function say(key, count) {
    var text = box.getAttribute("data-t-" + key) || "";
    meta.textContent = count === undefined ? text : text.replace("{count}", String(count));
    box.setAttribute("data-state", key);
    box.setAttribute("data-query", current);
  }

  // The index's spelling of a query, and the reader's spelling of the index's text.
  function indexForm(text) {
    return text.normalize("NFC").replace(/đ/g, "\u1e0f").replace(/Đ/g, "\u1e0e");
  }
  function readerForm(text) {
    return text.replace(/\u1e0f/g, "đ").replace(/\u1e0e/g, "Đ");
  }

  function served() {
    return location.protocol === "http:" || location.protocol === "https:";
  }

  // A query's words without their marks, lower case: "Giấy" and "giay" read alike, and so do đ, ḏ and d.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function terms(query) {
    return fold(query).split(/\s+/).filter(Boolean);
  }

  // The index may be in several bundles (thousands of honourees: thidua.search.shards): the list of
  // those to merge for this page's language is read first. Under `mkdocs serve` it says, after an
  // edit, that the index is being refreshed: the query waits for it, looking again now and then.
  var MANIFEST = "thidua-shards.json";
  var REFRESH_EVERY = 1500; // milliseconds between two looks at an index being refreshed
  var REFRESHING = { refreshing: true };

  function bundle() {
    return new URL(box.getAttribute("data-bundle"), document.baseURI);
  }

  // A Department's archive home lists every campaign's index in a file of its own at the site's root.
  var CAMPAIGNS = "../thidua-campaigns.json";

  function campaignShards(lang) {
    if (!box.hasAttribute("data-t-campaign")) return Promise.resolve([]);
    return fetch(new URL(CAMPAIGNS, bundle()).href, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : { shards: {} }; })
      .then(function (list) {
        campaigns(list.campaigns, lang);
        return (list.shards && list.shards[lang]) || [];
      });
  }

  function shards() {
    return fetch(new URL(MANIFEST, bundle()).href, { cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : { shards: {} }; // an index without shards
      })
      .then(function (manifest) {
        if (manifest.refreshing) throw REFRESHING;
        var lang = (document.documentElement.lang || "").toLowerCase();
        var own = (manifest.shards && manifest.shards[lang]) || [];
        return campaignShards(lang).then(function (more) { return own.concat(more); });
      });
  }

  // A Department's archive home (several campaigns, each with its own index at /<slug>/pagefind/): the
  // manifest lists every campaign's bundles with its id, merged with that id as the "campaign" filter
  // (Pagefind's mergeFilter); each result says its campaign, and a list chooses one campaign or all.
  var names = null; // campaign id -> its name in this page's language
  var choice = null; // the <select> of campaigns

  function campaigns(map, lang) {
    if (!map || names) return;
    names = {};
    Object.keys(map).forEach(function (slug) { names[slug] = map[slug][lang] || map[slug].vi; });
    choice = document.createElement("select");
    choice.className = "td-search__campaign";
    choice.setAttribute("aria-label", box.getAttribute("data-t-campaign") || "");
    choice.setAttribute("data-td-search-campaign", "");
    var all = document.createElement("option");
    all.value = "";
    all.textContent = box.getAttribute("data-t-all-campaigns") || "";
    choice.appendChild(all);
    Object.keys(names).forEach(function (slug) {
      var option = document.createElement("option");
      option.value = slug;
      option.textContent = names[slug];
      choice.appendChild(option);
    });
    choice.addEventListener("change", function () { search(); });
    form.parentNode.insertBefore(choice, form.nextSibling);
  }

  function campaignOf(url) {
    var root = new URL("../", bundle()).pathname;
    var path = new URL(url, bundle()).pathname;
    return path.indexOf(root) === 0 ? path.slice(root.length).split("/")[0] : null;
  }

  function load() {
    if (!pagefind) {
      var base = bundle();
      pagefind = shards().then(function (list) {
        return import(new URL("pagefind.js", base).href).then(function (module) {
          return { module: module, shards: list, instances: {} };
        });
      });
      pagefind.catch(function (error) {
        pagefind = null; // looked for again by the next query
        if (error !== REFRESHING) console.warn("Search index not loaded:", error);
      });
    }
    return pagefind;
  }

  // Exact spellings first when the query has marks: "giấy khen" ranks "Giấy khen" above "giày".
  // A query typed without marks has no spelling to prefer: there, the same weight would rank the
  // rare words written without marks ("thi" of "thi đua") above the names the query is for ("Thị").
  // Each way of ranking is a Pagefind instance of its own, with every shard merged into it.
  function ranked(index, query) {
    var exact = fold(query) !== query.normalize("NFC").toLowerCase();
    var way = exact ? "exact" : "folded";
    if (!index.instances[way]) {
      var options = { ranking: { diacriticSimilarity: exact ? 5 : 0 } };
      var one = index.module.createInstance(options);
      var base = bundle();
      index.instances[way] = Promise.all(
        index.shards.map(function (shard) {
          if (typeof shard === "string") return one.mergeIndex(new URL(shard, base).href, options);
          var merged = Object.assign({}, options, { mergeFilter: { campaign: shard.campaign } });
          return one.mergeIndex(new URL(shard.url, base).href, merged);
        })
      ).then(function () { return one; });
    }
    return index.instances[way];
  }

  // Pagefind's excerpt is HTML with <mark> around matched words: keep only its text and marks.
  // `content` is the page's text, where the passage is looked up to tell whether it starts a sentence.
  function excerpt(html, content) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = document.createElement("p");
    template.content.childNodes.forEach(function copy(node) {
      if (node.nodeType === Node.TEXT_NODE) {
        out.appendChild(document.createTextNode(readerForm(node.textContent)));
      } else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = readerForm(node.textContent);
        out.appendChild(mark);
      } else {
        node.childNodes.forEach(copy);
      }
    });
    fromSentence(out, terms(current), startsSentence(template.content.textContent, content));
    return out;
  }

  // Pagefind cuts a passage out of the page a number of words before the match, often in the
  // middle of a sentence, or of a word of two syllables ("nhân" of "cá nhân"). The passage starts
  // at a sentence in its first half, the first after which every query word it marks is still
  // marked; else with "…".
  var SENTENCE_END = /[.!?:;…]["”’)]*\s+(?=["“‘(]?[\p{Lu}\p{N}])/gu;
  var STARTS_SENTENCE = /^\s*["“‘(]?[\p{Lu}\p{N}]/u;
  function startsSentence(text, content) {
    var at = content ? content.indexOf(text.slice(0, 80)) : -1;
    if (at < 0) return STARTS_SENTENCE.test(text); // not found: capital letters tell
    var before = content.slice(Math.max(0, at - 8), at);
    if (at === 0 || /[.!?;…]["”’)]*\s+$/.test(before)) return true;
    // After a colon, what follows is a sentence only if it starts as one ("The plan: document, ..." is not).
    return /:["”’)]*\s+$/.test(before) && STARTS_SENTENCE.test(text);
  }
  function fromSentence(passage, words, starts) {
    var text = passage.textContent;
    if (!text.trim() || starts) return;
    var marks = []; // [offset, folded word] of each marked word
    var offset = 0;
    passage.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") marks.push([offset, fold(node.textContent)]);
      offset += node.textContent.length;
    });
    var all = covered(marks, words);
    SENTENCE_END.lastIndex = 0;
    for (var end = SENTENCE_END.exec(text); end && end.index < text.length / 2; end = SENTENCE_END.exec(text)) {
      var cut = end.index + end[0].length;
      if (covered(marks.filter(function (m) { return m[0] >= cut; }), words) === all) {
        dropStart(passage, cut);
        return;
      }
    }
    passage.insertBefore(document.createTextNode("… "), passage.firstChild);
    if (passage.childNodes[1] && passage.childNodes[1].nodeType === Node.TEXT_NODE) {
      passage.childNodes[1].textContent = passage.childNodes[1].textContent.replace(/^\s+/, "");
    }
  }

  // Removes the passage's first `count` characters (a sentence's start is never inside a marked word).
  function dropStart(passage, count) {
    while (count > 0 && passage.firstChild) {
      var node = passage.firstChild;
      var length = node.textContent.length;
      if (length <= count) {
        passage.removeChild(node);
      } else {
        node.textContent = node.textContent.slice(count);
      }
      count -= length;
    }
  }

  // How many of the query's words are among the marked ones (a marked word in its folded form, or one it begins).
  function covered(marks, words) {
    return words.filter(function (word) {
      return marks.some(function (m) { return m[1].indexOf(word) === 0; });
    }).length;
  }

  function coverage(html, words) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    return covered(Array.prototype.map.call(template.content.querySelectorAll("mark"), function (m) {
      return [0, fold(readerForm(m.textContent))];
    }), words);
  }

  function link(url, title, html, main, content) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (main ? " md-search-result__article--document" : "");
    if (main) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement("div");
    heading.className = main ? "td-search-result__title" : "td-search-result__section";
    heading.textContent = readerForm(title || url);
    article.appendChild(heading);
    article.appendChild(excerpt(html, content));
    a.appendChild(article);
    return a;
  }

  function item(page) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    // Sections of the page with their own passage, those that mark more of the query's words first
    // ("giấy khen" lists the section on Giấy khen before the one on Bằng khen), else in page order.
    var words = terms(current);
    var sections = (page.sub_results || [])
      .filter(function (sub) { return sub.url.indexOf("#") > 0; })
      .map(function (sub, order) { return { sub: sub, order: order, covered: coverage(sub.excerpt, words) }; })
      .sort(function (a, b) { return b.covered - a.covered || a.order - b.order; });
    // The page's passage is the best section's when that marks more of the query than Pagefind's choice.
    var passage = page.excerpt;
    if (sections.length && sections[0].covered > coverage(passage, words)) passage = sections[0].sub.excerpt;
    li.appendChild(link(page.url, page.meta && page.meta.title, passage, true, page.content));
    // Pagefind's merged filter narrows a search but is not in a result's data: its campaign is the first
    // folder of its address beneath the site's root (/<slug>/...).
    var from = names ? campaignOf(page.url) : null;
    if (from && names && names[from]) {
      var label = document.createElement("p");
      label.className = "td-search-result__campaign";
      label.setAttribute("data-campaign", from);
      label.textContent = names[from];
      li.firstChild.firstChild.appendChild(label);
    }
    sections
      .filter(function (s) { return s.sub.excerpt !== passage; })
      .slice(0, SUBRESULTS)
      .forEach(function (s) { li.appendChild(link(s.sub.url, s.sub.title, s.sub.excerpt, false, page.content)); });
    return li;
  }

  // The next STEP results' fragments (a fetch each: only those shown are loaded).
  function next() {
    return Promise.all(found.slice(shown, shown + STEP).map(function (r) { return r.data(); }));
  }

  function append(data) {
    data.forEach(function (page) { list.appendChild(item(page)); });
    shown += data.length;
    more.hidden = shown >= found.length;
  }

  function render(results, data) {
    list.textContent = "";
    found = results;
    shown = 0;
    append(data);
    if (results.length === 0) say("none");
    else if (results.length === 1) say("one");
    else say("other", results.length);
  }

  function search() {
    var query = input.value.trim();
    var number = ++latest;
    current = query;
    found = [];
    shown = 0;
    more.hidden = true;
    if (!served()) {
      list.textContent = "";
      return say("file");
    }
    if (!query) {
      list.textContent = "";
      return say("hint");
    }
    say("loading");
    load()
      .then(function (index) { return ranked(index, query); })
      .then(function (instance) {
        var chosen = choice && choice.value;
        return instance.search(indexForm(query), chosen ? { filters: { campaign: chosen } } : {});
      })
      .then(function (answer) {
        if (number !== latest) return null;
        var results = answer ? answer.results : [];
        return Promise.all(results.slice(0, STEP).map(function (r) { return r.data(); })).then(function (data) {
          if (number === latest) render(results, data);
        });
      })
      .catch(function (error) {
        if (number !== latest) return;
        if (error === REFRESHING) {
          say("refreshing");
          clearTimeout(timer);
          timer = setTimeout(search, REFRESH_EVERY);
        } else {
          say("error");
        }
      });
  }

  more.addEventListener("click", function () {
    if (loadingMore || shown >= found.length) return;
    var number = latest;
    var first = shown;
    loadingMore = true;
    next()
      .then(function (data) {
        if (number !== latest) return;
        append(data);
        // The keyboard goes on from the first result added.
        var added = list.children[first];
        if (added && added.querySelector("a")) added.querySelector("a").focus();
      })
      .catch(function () {
        if (number === latest) say("error");
      })
      .then(function () { loadingMore = false; });
  });

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      if (!served()) say("file");
      else load();
      if (document.activeElement !== input) input.focus();
    } else if (document.activeElement === input) {
      input.blur();
    }
  });

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  form.addEventListener("reset", function () {
    setTimeout(search, 0);
    input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  // Keys as in Material: "/", "s" or "f" opens search; Escape closes; arrows walk the results.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(document.activeElement)) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")), more.hidden ? [] : [more]);
      var here = stops.indexOf(document.activeElement);
      var step = event.key === "ArrowDown" ? 1 : -1;
      event.preventDefault();
      stops[(Math.max(here, 0) + step + stops.length) % stops.length].focus();
    }
  });
})();
