// After a search the results start below the form: move focus to their heading, so a screen reader
// announces the count and a keyboard user starts there. Without JavaScript the page title carries it.
(function () {
  "use strict";
  var heading = document.getElementById("results");
  if (heading) { heading.focus(); }
})();
