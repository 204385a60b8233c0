/**
 * The filters of the HTML report, inlined into the page as plain ES2020: no modules, no
 * network, nothing but the DOM the page already holds. Each finding carries its severity,
 * cluster (an index into the cluster select) and suppression as data attributes; the
 * script hides what the filters exclude and keeps the "N of M findings shown" counter and
 * each severity heading's count true.
 * Without JavaScript the page shows every finding and no filter controls.
 */
export const HTML_REPORT_SCRIPT = `
(function () {
  'use strict';
  document.documentElement.classList.remove('no-js');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.cluster-group, .severity-group'));
  var severityBoxes = Array.prototype.slice.call(document.querySelectorAll('input[name="severity"]'));
  var cluster = document.getElementById('filter-cluster');
  var search = document.getElementById('filter-search');
  var suppressed = document.getElementById('filter-suppressed');
  var counter = document.getElementById('findings-shown');
  var noMatch = document.getElementById('no-match');
  if (!cluster || !search || !suppressed || !counter) return;

  function normalise(text) {
    return String(text).toLowerCase().replace(/\\s+/g, ' ').trim();
  }
  var searchable = findings.map(function (finding) { return normalise(finding.textContent || ''); });

  function apply() {
    var severities = severityBoxes.filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    var terms = normalise(search.value).split(' ').filter(Boolean);
    var shown = 0;
    findings.forEach(function (finding, index) {
      var visible = severities.indexOf(finding.dataset.severity) !== -1 &&
        (cluster.value === '' || finding.dataset.cluster === cluster.value) &&
        (suppressed.checked || finding.dataset.suppressed !== 'true') &&
        terms.every(function (term) { return searchable[index].indexOf(term) !== -1; });
      finding.classList.toggle('is-filtered-out', !visible);
      if (visible) shown += 1;
    });
    groups.forEach(function (group) {
      var visible = group.querySelectorAll('.finding:not(.is-filtered-out)').length;
      group.classList.toggle('is-filtered-out', visible === 0);
      var tally = group.querySelector('.tally');
      if (tally && group.classList.contains('severity-group')) {
        var total = group.querySelectorAll('.finding').length;
        tally.textContent = (visible === total ? '' : visible + ' of ') + total + (total === 1 ? ' finding' : ' findings');
      }
    });
    counter.textContent = shown + ' of ' + findings.length + (findings.length === 1 ? ' finding' : ' findings') + ' shown';
    if (noMatch) noMatch.hidden = shown !== 0 || findings.length === 0;
  }

  severityBoxes.concat([cluster, search, suppressed]).forEach(function (control) {
    control.addEventListener('input', apply);
    control.addEventListener('change', apply);
  });
  apply();
})();
`;
