// Optional enhancements; the page is complete without them. Local time for the generation time,
// a live "updated … ago", the stale mark from the snapshot's staleAfter on, every variable table
// opened for printing, and live updates: every `data-refresh` seconds the page fetches itself and
// swaps in what changed, keeping opened sections, focus and scroll position (issue 8). With
// scripts off, a <noscript> refresh in the head does the renewing instead.
(function () {
  var root = document.documentElement;
  var head, at, staleAt, age, note, title;
  var refresh = 0;
  // Each card's HTML as last received, by id: a card that comes back the same is kept as it is.
  var sources = {};
  function cards(scope) {
    return scope.querySelectorAll('article[id]');
  }
  function remember(scope) {
    cards(scope).forEach(function (card) { sources[card.id] = card.outerHTML; });
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
    var ms = Date.now() - at;
    var stale = Date.now() > staleAt;
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
  function openState(scope) {
    var open = {};
    scope.querySelectorAll('[id]').forEach(function (owner) {
      var states = owned(owner).map(function (details) { return details.open; });
      if (states.indexOf(true) >= 0) open[owner.id] = states;
    });
    return open;
  }
  function reopen(scope, open) {
    scope.querySelectorAll('[id]').forEach(function (owner) {
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
  // Where focus is, as a card and a position among its controls, so a redrawn card keeps it.
  var CONTROLS = 'summary, a, button, [tabindex]';
  function focusPlace() {
    var focused = document.activeElement;
    var card = focused && focused.closest('article[id]');
    if (!card) return { focused: focused };
    return { focused: focused, id: card.id, index: Array.prototype.indexOf.call(card.querySelectorAll(CONTROLS), focused) };
  }
  function refocus(place) {
    var card = place.id && document.getElementById(place.id);
    var target = place.focused && place.focused.isConnected ? place.focused : card && card.querySelectorAll(CONTROLS)[place.index];
    if (target && document.activeElement !== target) target.focus({ preventScroll: true });
  }
  function swapMain(next) {
    var main = document.querySelector('main');
    var fresh = document.importNode(next.querySelector('main'), true);
    var place = anchor();
    var focus = focusPlace();
    var open = openState(main);
    cards(fresh).forEach(function (card) {
      var live = document.getElementById(card.id);
      var html = card.outerHTML;
      if (live && sources[card.id] === html) card.replaceWith(live);
      sources[card.id] = html;
    });
    reopen(fresh, open);
    main.replaceWith(fresh);
    var again = place && document.getElementById(place.id);
    if (again) window.scrollBy(0, again.getBoundingClientRect().top - place.top);
    refocus(focus);
  }
  function apply(next) {
    var nextHead = next.querySelector('[data-generated]');
    if (!nextHead || nextHead.getAttribute('data-generated') === head.getAttribute('data-generated')) return;
    // A new upsview version may draw cards the old styles do not know: load it whole.
    if (next.querySelector('style').textContent !== document.querySelector('style').textContent) return location.reload();
    document.title = next.title;
    document.querySelector('link[rel="icon"]').href = next.querySelector('link[rel="icon"]').href;
    head.replaceWith(document.importNode(nextHead, true));
    swapMain(next);
    init();
    document.dispatchEvent(new CustomEvent('upsview:updated', { detail: { generatedAt: nextHead.getAttribute('data-generated') } }));
  }
  function update() {
    if (document.hidden) return schedule();
    fetch(location.href.split('#')[0], { cache: 'no-store' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) { if (text) apply(new DOMParser().parseFromString(text, 'text/html')); })
      // A failed fetch leaves the page as it is; its age and stale mark say how old it is.
      .catch(function () {})
      .then(schedule);
  }
  var timer = 0;
  function schedule() {
    clearTimeout(timer);
    if (refresh > 0) timer = setTimeout(location.protocol === 'file:' ? reload : update, refresh);
  }
  // A page opened as a file cannot fetch itself: it reloads, and keeps its open sections across.
  var KEY = 'upsview-open:' + location.pathname;
  function reload() {
    sessionStorage.setItem(KEY, JSON.stringify(openState(document.querySelector('main'))));
    location.reload();
  }
  function restore() {
    if (location.protocol === 'file:') reopen(document.querySelector('main'), JSON.parse(sessionStorage.getItem(KEY) || '{}'));
  }
  if (!document.querySelector('[data-generated]')) return;
  init();
  remember(document);
  restore();
  setInterval(tick, 1000);
  schedule();
  // Back in a tab that was hidden past its renewal: renew now rather than at the next tick.
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && refresh > 0 && location.protocol !== 'file:' && Date.now() - at > refresh) update();
  });
  addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
  });
})();
