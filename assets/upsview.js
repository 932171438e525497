// Optional enhancements; the page is complete without them. Local time for the generation time,
// a live "updated … ago", the stale mark from the snapshot's staleAfter on, and every variable
// table opened for printing.
(function () {
  var head = document.querySelector('[data-generated]');
  if (!head) return;
  var root = document.documentElement;
  var at = Date.parse(head.getAttribute('data-generated'));
  var staleAt = Date.parse(head.getAttribute('data-stale-after'));
  var age = document.querySelector('[data-age]');
  var note = document.querySelector('[data-stale-note]');
  var title = document.title;
  var time = document.querySelector('time[data-local]');
  if (time) {
    time.title = time.textContent;
    time.textContent = new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  }
  // Same steps as formatDuration in src/format.ts.
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
  tick();
  setInterval(tick, 1000);
  addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
  });
})();
