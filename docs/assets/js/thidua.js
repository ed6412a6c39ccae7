// Small enhancements; every page works without them.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-td-print]");
  if (button) window.print();
});
