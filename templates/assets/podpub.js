// podpub episode pages: seek the player from chapters and transcript times, copy notes.
(function () {
  "use strict";
  var data = document.getElementById("podpub-notes");
  var notes = data ? JSON.parse(data.textContent) : {};
  var status = document.querySelector(".copy .copied");

  document.addEventListener("click", function (event) {
    var seek = event.target.closest("[data-seek]");
    var player = document.getElementById("player");
    if (seek && player) {
      event.preventDefault();
      player.currentTime = parseFloat(seek.getAttribute("data-seek"));
      var playing = player.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var platform = copy.getAttribute("data-copy");
      var text = notes[platform];
      // HTML notes go on the clipboard as rich text too: pasted into an editor they are links,
      // not tags; the plain flavour is exactly what `podpub notes` prints.
      var written = copy.getAttribute("data-html") === "true" && window.ClipboardItem
        ? navigator.clipboard.write([new ClipboardItem({
            "text/html": new Blob([text], {type: "text/html"}),
            "text/plain": new Blob([text], {type: "text/plain"})
          })])
        : navigator.clipboard.writeText(text);
      written.then(function () {
        copy.classList.add("done");
        if (status) { status.textContent = "Copied the " + copy.textContent.replace("Copy for ", "") + " notes."; }
      }, function () {
        if (status) { status.textContent = "Copying failed: select the text below instead."; }
      });
    }
  });
})();
