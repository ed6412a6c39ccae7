// Material for MkDocs fetches "sitemap.xml" beside every <link rel="alternate"> of a page, expecting
// each alternate to be a language root (mkdocs-material issue 6582). Here the alternates are the
// page's twin in the other language and its Atom feed, so each probe would be a 404 on a server and
// a blocked request from file://, both logged as console errors. The language switch does not need
// them: its links already point at the twin page. This answers those probes locally, as aborted,
// before any request is made; Material then keeps the links' normal navigation.
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.tdSitemapProbe = /\/sitemap\.xml$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.tdSitemapProbe) {
      var xhr = this;
      setTimeout(function () { xhr.dispatchEvent(new Event("abort")); }, 0);
      return undefined;
    }
    return send.apply(this, arguments);
  };
})();
