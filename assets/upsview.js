// Optional enhancements; the page is complete without them. Local time for the generation time,
// a live "updated … ago", the stale mark from the snapshot's staleAfter on, every variable table
// opened for printing, and live updates: every `data-refresh` seconds the page fetches itself and
// swaps in what changed, keeping opened sections, focus and scroll position (issue 8). With
// scripts off, a <noscript> refresh in the head does the renewing instead.
(function () {
  var root = document.documentElement;
  var head, at, staleAt, age, note, title;
  var refresh = 0;
  // Server clock minus ours, from the Date header of each renewal: a browser whose clock is off
  // would otherwise call fresh data old (or old data fresh). 0 as a file, which has no header.
  var skew = 0;
  function now() {
    return Date.now() + skew;
  }
  // Each card's HTML as last received, by id: a card that comes back the same is kept as it is.
  // Only the cards of the last page: a page left open for weeks sees UPSes come and go.
  var sources = {};
  function cards(scope) {
    return scope.querySelectorAll('article[id]');
  }
  function remember(scope) {
    cards(scope).forEach(function (card) { sources[card.id] = card.outerHTML; });
  }
  // <main> as last received with each card left out: while it stays the same, only changed cards
  // are replaced, so a reader's selection (and focus) in the others is left alone. Written out
  // around the cards rather than from a copy of <main>: a host's variables page holds tens of
  // thousands of rows, and copying them twice a renewal froze its tab.
  var shape = '';
  function shapeOf(node) {
    var out = '';
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) out += child.data;
      else if (child.nodeType === 8) out += '<!--' + child.data + '-->';
      else if (child.nodeType !== 1) return;
      else if (child.matches('article[id]')) out += '<!--' + child.id + '-->';
      else {
        var attributes = Array.prototype.map.call(child.attributes, function (a) { return ' ' + a.name + '="' + a.value + '"'; });
        out += '<' + child.localName + attributes.join('') + '>' + shapeOf(child) + '</' + child.localName + '>';
      }
    });
    return out;
  }
  // Same steps as formatDuration in src/shared/format.ts.
  function duration(seconds) {
    var total = Math.max(0, Math.round(seconds));
    if (total < 60) return total + ' s';
    var minutes = Math.floor(total / 60);
    if (minutes < 60) return minutes + ' min';
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + ' h ' + String(minutes % 60).padStart(2, '0') + ' min';
    return Math.floor(hours / 24) + ' d ' + (hours % 24) + ' h';
  }
  function tick() {
    var ms = now() - at;
    var stale = now() > staleAt;
    age.textContent = 'updated ' + duration(ms / 1000) + ' ago';
    age.hidden = false;
    note.hidden = !stale;
    root.classList.toggle('stale', stale);
    document.title = (stale ? 'Out of date · ' : '') + title;
  }
  // Reads the summary header (again after each update) and puts its time in local words.
  function init() {
    head = document.querySelector('[data-generated]');
    at = Date.parse(head.getAttribute('data-generated'));
    staleAt = Date.parse(head.getAttribute('data-stale-after'));
    refresh = Number(head.getAttribute('data-refresh')) * 1000;
    age = head.querySelector('[data-age]');
    note = head.querySelector('[data-stale-note]');
    title = document.title;
    var time = head.querySelector('time[data-local]');
    if (time) {
      time.title = time.textContent;
      time.textContent = new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
    }
    tick();
  }
  // Which sections are open, by the nearest element with an id and their place in it, so a
  // redrawn card (or any part of the page with an id) opens the same ones.
  function owned(owner) {
    return Array.prototype.filter.call(owner.querySelectorAll('details'), function (details) {
      return details.parentElement.closest('[id]') === owner;
    });
  }
  // Every element with an id in `scope`, the scope itself included (a card on its own).
  function owners(scope) {
    var inside = Array.prototype.slice.call(scope.querySelectorAll('[id]'));
    return scope.id ? [scope].concat(inside) : inside;
  }
  function openState(scope) {
    var open = {};
    owners(scope).forEach(function (owner) {
      var states = owned(owner).map(function (details) { return details.open; });
      if (states.indexOf(true) >= 0) open[owner.id] = states;
    });
    return open;
  }
  function reopen(scope, open) {
    owners(scope).forEach(function (owner) {
      var states = open[owner.id] || [];
      owned(owner).forEach(function (details, i) { if (states[i]) details.open = true; });
    });
  }
  // The first card or section still in view, and where it sits, so the reader's place can be kept.
  function anchor() {
    var all = cards(document);
    for (var i = 0; i < all.length; i++) {
      var top = all[i].getBoundingClientRect();
      if (top.bottom > 0) return { id: all[i].id, top: top.top };
    }
    return null;
  }
  // Where focus is, as a part of the page (a card, the summary header, the footer) and a link's
  // address or a position among the part's controls, so a redrawn part keeps it.
  var CONTROLS = 'summary, a, button, [tabindex]';
  var PARTS = 'article[id], [data-generated], footer';
  function partKey(part) {
    return part.id ? '#' + part.id : part.matches('footer') ? 'footer' : '[data-generated]';
  }
  function focusPlace() {
    var focused = document.activeElement;
    var part = focused && focused.closest(PARTS);
    if (!part) return { focused: focused };
    var index = Array.prototype.indexOf.call(part.querySelectorAll(CONTROLS), focused);
    return { focused: focused, part: partKey(part), index: index, href: focused.getAttribute('href') };
  }
  function refocus(place) {
    var part = place.part && document.querySelector(place.part);
    var controls = part ? Array.prototype.slice.call(part.querySelectorAll(CONTROLS)) : [];
    var byHref = place.href && controls.filter(function (control) { return control.getAttribute('href') === place.href; })[0];
    var target = place.focused && place.focused.isConnected ? place.focused : byHref || controls[place.index];
    if (target && document.activeElement !== target) target.focus({ preventScroll: true });
  }
  // Only what changed is brought into the page: with the same shape, each changed card alone;
  // otherwise a new <main>, with the unchanged cards moved into it as they are.
  function swapMain(next) {
    var main = document.querySelector('main');
    var incoming = next.querySelector('main');
    var open = openState(main);
    var nextShape = shapeOf(incoming);
    var same = nextShape === shape;
    shape = nextShape;
    var kept = {};
    var received = {};
    cards(incoming).forEach(function (card) {
      var html = card.outerHTML;
      kept[card.id] = sources[card.id] === html && document.getElementById(card.id);
      received[card.id] = html;
    });
    sources = received;
    if (same) {
      cards(incoming).forEach(function (card) {
        if (kept[card.id]) return;
        var fresh = document.importNode(card, true);
        reopen(fresh, open);
        document.getElementById(card.id).replaceWith(fresh);
      });
      return;
    }
    var fresh = document.importNode(incoming, true);
    reopen(fresh, open);
    cards(fresh).forEach(function (card) {
      if (kept[card.id]) card.replaceWith(kept[card.id]);
    });
    main.replaceWith(fresh);
  }
  function swap(selector, next) {
    document.querySelector(selector).replaceWith(document.importNode(next.querySelector(selector), true));
  }
  // What a new upsview version may change besides the data: our styles (by id, as an extension
  // may put a <style> of its own ahead of them), the icons and this script, found before anything
  // an extension appends. Old parts with new ones would draw (or run) a mix of two versions.
  function version(doc) {
    var style = doc.getElementById('upsview-css');
    var symbol = doc.querySelector('symbol');
    var script = doc.querySelector('footer ~ script');
    return [style && style.textContent, symbol && symbol.parentNode.outerHTML, script && script.textContent].join('\n');
  }
  function apply(next) {
    var nextHead = next.querySelector('[data-generated]');
    if (!nextHead || nextHead.getAttribute('data-generated') === head.getAttribute('data-generated')) return;
    // A new upsview version: load it whole.
    if (version(next) !== version(document)) return location.reload();
    // Measured before anything moves: the header above may grow or shrink.
    var place = anchor();
    var focus = focusPlace();
    document.title = next.title;
    document.querySelector('link[rel="icon"]').href = next.querySelector('link[rel="icon"]').href;
    document.body.className = next.body.className;
    swap('[data-generated]', next);
    swap('footer', next);
    swapMain(next);
    var again = place && document.getElementById(place.id);
    if (again) window.scrollBy(0, again.getBoundingClientRect().top - place.top);
    refocus(focus);
    init();
    document.dispatchEvent(new CustomEvent('upsview:updated', { detail: { generatedAt: nextHead.getAttribute('data-generated') } }));
  }
  // Server clock minus ours when it answered: Date (whole seconds, so the middle of one) plus Age
  // from a cache (RFC 9110 6.6.1, RFC 9111 5.1). NaN without a Date header.
  function serverSkew(response) {
    var date = Date.parse(response.headers.get('Date'));
    return date + 500 + (Number(response.headers.get('Age')) || 0) * 1000 - Date.now();
  }
  // Only a whole page of ours: a file caught half-written (copied in place, not renamed) lacks its
  // end, and a captive portal's page lacks our parts.
  function complete(text) {
    if (!/<\/html>\s*$/.test(text)) return null;
    var next = new DOMParser().parseFromString(text, 'text/html');
    return next.querySelector('[data-generated]') && next.querySelector('main') && next.querySelector('footer') ? next : null;
  }
  // One renewal at a time: a late answer must not put older data over newer.
  var busy = false;
  function update() {
    if (busy) return;
    if (document.hidden) return schedule();
    busy = true;
    // A request that never gets an answer must not stop the renewals.
    var control = new AbortController();
    var limit = setTimeout(function () { control.abort(); }, Math.min(refresh, 30000));
    var answeredSkew = NaN;
    fetch(location.href.split('#')[0], { cache: 'no-store', signal: control.signal })
      .then(function (response) {
        answeredSkew = serverSkew(response);
        return response.ok ? response.text() : null;
      })
      .then(function (text) {
        var next = text && complete(text);
        if (!next) return;
        if (!isNaN(answeredSkew)) skew = answeredSkew;
        apply(next);
        tick();
      })
      // A failed fetch leaves the page as it is; its age and stale mark say how old it is.
      .catch(function () {})
      .then(function () {
        busy = false;
        clearTimeout(limit);
        schedule();
      });
  }
  var timer = 0;
  // When the next renewal is due by the wall clock.
  var due = 0;
  function schedule() {
    clearTimeout(timer);
    if (refresh <= 0) return;
    due = Date.now() + refresh;
    timer = setTimeout(renew, refresh);
  }
  function renew() {
    if (location.protocol === 'file:') reload();
    else update();
  }
  // Timers stand still while the computer sleeps and run late in a background tab, but the wall
  // clock goes on: a renewal overdue by it is made now, not when its timer at last fires.
  function catchUp() {
    if (refresh > 0 && Date.now() > due + 2000) renew();
  }
  // A page opened as a file cannot fetch itself: it reloads, and keeps its open sections across.
  var KEY = 'upsview-open:' + location.pathname;
  // Storage throws where site data is blocked: then the page reloads without its open sections.
  function reload() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(openState(document.querySelector('main'))));
    } catch (blocked) {
      console.info('upsview: open sections not kept', blocked);
    }
    location.reload();
  }
  function restore() {
    try {
      reopen(document.querySelector('main'), JSON.parse(sessionStorage.getItem(KEY) || '{}'));
    } catch (blocked) {
      console.info('upsview: open sections not restored', blocked);
    }
  }
  if (!document.querySelector('[data-generated]')) return;
  init();
  remember(document);
  shape = shapeOf(document.querySelector('main'));
  setInterval(function () {
    tick();
    catchUp();
  }, 1000);
  schedule();
  if (location.protocol === 'file:') restore();
  // Back in a tab that was hidden past its renewal: renew now rather than at the next tick.
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && refresh > 0 && location.protocol !== 'file:' && now() - at > refresh) update();
  });
  addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
  });
})();
