// Follows the server's event stream: shows the project's problems, and swaps in each new version of
// the open document without reloading this page.
"use strict";
(function () {
  var documentId = document.body.dataset.doc;
  var initial = JSON.parse(document.getElementById("initial-state").textContent);
  var listing = initial.listing.join("\n");

  function showLines(section, lines) {
    section.hidden = lines.length === 0;
    section.querySelector("pre").textContent = lines.join("\n");
  }

  function showDocument(entry) {
    var frame = document.getElementById("pdf");
    document.getElementById("title").textContent = entry.title;
    showLines(document.getElementById("document-errors"), entry.errors);
    if (entry.pdf && entry.pdf !== frame.dataset.version) {
      frame.dataset.version = entry.pdf;
      frame.title = entry.title + " (PDF)";
      frame.src = "/files/" + documentId + ".pdf?v=" + entry.pdf;
    }
    document.getElementById("waiting").hidden = !!entry.pdf;
    document.getElementById("docx").href = "/files/" + documentId + ".docx?v=" + entry.docx;
  }

  function showIndex(state) {
    if (state.listing.join("\n") !== listing) {
      location.reload();  // roles or languages were added or removed: the table itself changes
      return;
    }
    document.querySelectorAll(".document").forEach(function (cell) {
      var entry = state.documents[cell.dataset.doc];
      cell.classList.toggle("pending", !entry.pdf || !entry.docx);
      cell.classList.toggle("failed", entry.errors.length > 0);
    });
  }

  function show(state) {
    showLines(document.getElementById("problems"), state.problems);
    showLines(document.getElementById("warnings"), state.warnings);
    document.getElementById("status").textContent = state.building ? "rebuilding…" : "up to date";
    if (!documentId) {
      showIndex(state);
    } else if (state.documents[documentId]) {
      showDocument(state.documents[documentId]);
    }
    document.body.dataset.generation = state.generation;
  }

  show(initial);
  var events = new EventSource("/events" + (documentId ? "?doc=" + encodeURIComponent(documentId) : ""));
  events.onmessage = function (message) { show(JSON.parse(message.data)); };
})();
