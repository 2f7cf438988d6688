// Starts YASGUI on the SPARQL page when its script loaded; otherwise the plain form stays the editor. No request leaves this server.
(function () {
  if (!window.Yasgui) return;
  var cfg = JSON.parse(document.getElementById('sparql-editor-config').textContent);
  var endpoint = new URL(cfg.endpoint, location.href).href;
  var prefixList = Object.keys(cfg.prefixes).sort().map(function (p) { return p + ': <' + cfg.prefixes[p] + '>'; });
  // The dataset's prefixes instead of the bundled list or prefix.cc; no LOV look-ups for classes and properties.
  Yasgui.Yasqe.forkAutocompleter('prefixes', { name: 'datasetPrefixes', persistenceId: null, get: function () { return prefixList; } }, false);
  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: 'forum-ld-sparql',
    populateFromUrl: false,
    yasqe: { value: cfg.initial, prefixCcApi: null, autocompleters: ['datasetPrefixes', 'variables'], collapsePrefixesOnLoad: true }
  });
  document.documentElement.classList.add('js-editor');
  window.forumYasgui = yasgui;
  var list = document.getElementById('examples');
  if (list) list.addEventListener('click', function (ev) {
    var a = ev.target.closest('a[data-example]');
    if (!a) return;
    ev.preventDefault();
    var ex = cfg.examples[Number(a.getAttribute('data-example'))];
    var tab = yasgui.addTab(true, { name: ex.summary, requestConfig: { endpoint: endpoint } });
    tab.setQuery(ex.query);
    window.scrollTo(0, 0);
  });
})();
