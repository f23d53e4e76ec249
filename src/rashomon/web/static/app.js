// rashomon's pages: the claim panel of a story page and the progress of a job page.
// Served as a file (the Content-Security-Policy allows no inline script); text is only ever
// set with textContent, never parsed as HTML.
"use strict";

(function () {
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function claimPanel() {
    var dataNode = document.getElementById("claim-data");
    var panel = document.getElementById("claim-panel");
    if (!dataNode || !panel) return;
    var claims;
    try {
      claims = JSON.parse(dataNode.textContent || "{}");
    } catch (e) {
      return;
    }
    var marked = [];

    function unmark() {
      marked.forEach(function (node) {
        node.classList.remove("is-selected", "is-counterpart");
      });
      marked = [];
    }

    function mark(id, cls) {
      var node = document.getElementById("claim-" + id);
      if (node) {
        node.classList.add(cls);
        marked.push(node);
      }
      return node;
    }

    function flash(node) {
      node.scrollIntoView({ block: "center", behavior: "smooth" });
      node.classList.remove("flash");
      void node.offsetWidth; // restart the animation
      node.classList.add("flash");
    }

    function show(id) {
      var claim = claims[id];
      if (!claim) return;
      unmark();
      mark(id, "is-selected");
      panel.hidden = false;
      panel.dataset.claim = id;
      panel.querySelector(".panel-outlet").textContent = claim.outlet;
      var verdict = panel.querySelector(".panel-verdict");
      verdict.textContent = "";
      if (claim.verdict) {
        verdict.appendChild(el("span", "badge verdict-" + claim.verdict, claim.verdict));
        if (claim.grade) verdict.appendChild(el("span", "grade", " " + claim.grade));
      } else {
        verdict.appendChild(el("span", "meta", "in no fact"));
      }
      panel.querySelector(".panel-text").textContent = claim.text;
      panel.querySelector(".panel-how").textContent = claim.how;
      var list = panel.querySelector(".counterparts");
      list.textContent = "";
      claim.counterparts.forEach(function (other) {
        mark(other.id, "is-counterpart");
        var item = el("li", "counterpart");
        item.dataset.claim = other.id;
        var head = el("p", "counterpart-head");
        head.appendChild(el("span", "outlet", other.outlet));
        if (other.label) head.appendChild(el("span", "label label-" + other.label, other.label));
        if (other.score !== null && other.score !== undefined) {
          head.appendChild(el("span", "meta", " similarity " + Number(other.score).toFixed(2)));
        }
        item.appendChild(head);
        var link = el("a", "counterpart-text", other.text);
        link.href = "#claim-" + other.id;
        link.dataset.claim = other.id;
        item.appendChild(link);
        var reason = other.reason + (other.cues && other.cues.length ? " (cues: " + other.cues.join(", ") + ")" : "");
        item.appendChild(el("p", "reason", "Judge: " + reason));
        list.appendChild(item);
      });
      panel.querySelector(".panel-empty").hidden = claim.counterparts.length > 0;
    }

    document.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      var markNode = target.closest(".article mark.claim");
      if (markNode && markNode.id.indexOf("claim-") === 0) {
        event.preventDefault();
        show(markNode.id.slice(6));
        return;
      }
      var link = target.closest(".counterpart-text");
      if (link) {
        event.preventDefault();
        var node = document.getElementById("claim-" + link.dataset.claim);
        if (node) flash(node);
        return;
      }
      var fromFacts = target.closest("a[data-claim]");
      if (fromFacts && claims[fromFacts.dataset.claim]) {
        event.preventDefault();
        show(fromFacts.dataset.claim);
        var shown = document.getElementById("claim-" + fromFacts.dataset.claim);
        if (shown) flash(shown);
      }
    });
    var close = document.getElementById("claim-panel-close");
    if (close) {
      close.addEventListener("click", function () {
        panel.hidden = true;
        unmark();
      });
    }
  }

  function jobProgress() {
    var box = document.getElementById("job");
    if (!box) return;
    var url = box.dataset.jobUrl;
    var statusNode = box.querySelector(".job-status");
    var stageNode = box.querySelector(".job-stage");
    var bar = box.querySelector(".job-progress");
    var sourceNode = box.querySelector(".job-source");
    var errorNode = box.querySelector(".job-error");
    var resultNode = box.querySelector(".job-result");

    function render(job) {
      statusNode.textContent = job.status;
      var p = job.progress || {};
      stageNode.textContent = p.stage ? p.stage + " " + p.done + (p.total ? " of " + p.total : "") : "";
      if (p.total) {
        bar.max = p.total;
        bar.value = p.done;
      } else if (job.status === "done") {
        bar.max = 1;
        bar.value = 1;
      } else {
        bar.removeAttribute("value"); // indeterminate while the total is unknown
      }
      sourceNode.textContent = p.source || "";
      if (job.error) {
        errorNode.hidden = false;
        errorNode.textContent = job.error;
      }
      if (job.result) {
        var r = job.result;
        resultNode.hidden = false;
        resultNode.textContent = "";
        resultNode.appendChild(el("p", null, r.added + " added, " + r.duplicates + " near-duplicates linked, " +
          r.unchanged + " already stored, " + r.failures.length + " skipped."));
        var stories = el("ul", "job-stories");
        r.stories.forEach(function (id) {
          var li = el("li");
          var a = el("a", null, "story " + id);
          a.href = "/stories/" + encodeURIComponent(id);
          li.appendChild(a);
          stories.appendChild(li);
        });
        resultNode.appendChild(stories);
        if (r.failures.length) {
          var failures = el("ul", "job-failures");
          r.failures.forEach(function (f) {
            failures.appendChild(el("li", null, f.source + ": " + f.reason));
          });
          resultNode.appendChild(failures);
        }
      }
    }

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          render(job);
          if (job.status === "queued" || job.status === "running") setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  }

  function ready() {
    claimPanel();
    jobProgress();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
