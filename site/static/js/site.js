// Small enhancements only; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so screen readers announce what to fix.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

    // After sending a comment the page opens at its receipt (#receipt, see base.html): focus it so
    // that a screen reader reads it, with the comment's reference number.
    var receipt = document.getElementById("receipt");
    if (receipt && !summary && window.location.hash === "#receipt") { receipt.focus(); }

    // A live count under each field whose label shows a limit (includes/field.html). The visible
    // count follows every keystroke; a screen reader hears it once typing pauses.
    var limits = document.querySelectorAll("label .limit[data-max-length]");
    Array.prototype.forEach.call(limits, function (limit) {
        var field = document.getElementById(limit.parentNode.htmlFor);
        var max = parseInt(limit.getAttribute("data-max-length"), 10);
        if (!field || !max) { return; }
        var shown = document.createElement("p");
        shown.className = "char-count";
        shown.id = field.id + "_count";
        shown.setAttribute("aria-hidden", "true");
        var spoken = document.createElement("p");
        spoken.className = "visually-hidden";
        spoken.setAttribute("aria-live", "polite");
        field.insertAdjacentElement("afterend", spoken);
        field.insertAdjacentElement("afterend", shown);
        var timer = null;

        function text() {
            // Characters as the server counts them: code points, a line break counting one.
            var count = Array.from(field.value.replace(/\r\n?/g, "\n")).length;
            var over = count > max;
            var template = limit.getAttribute(over ? "data-over" : "data-counted");
            shown.classList.toggle("char-count-over", over);
            return template.replace("{count}", String(count));
        }

        function update() {
            shown.textContent = text();
            window.clearTimeout(timer);
            timer = window.setTimeout(function () { spoken.textContent = shown.textContent; }, 1000);
        }

        shown.textContent = text();
        field.addEventListener("input", update);
    });
});
