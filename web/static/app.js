// Progressive enhancement for the chat: ask without reloading the page, with a visible
// "searching" state. Without this script the form posts normally and the server renders the answer.
(function () {
  "use strict";
  const form = document.getElementById("ask-form");
  if (!form || !window.fetch) return;
  const box = document.getElementById("question");
  const button = form.querySelector("button[type=submit]");
  const status = document.getElementById("status");
  const problem = document.getElementById("problem");
  const conversation = document.getElementById("conversation");
  let busy = false;

  function setBusy(on) {
    busy = on;
    button.disabled = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    status.classList.toggle("busy", on);
    status.textContent = on ? "Searching the papers…" : "";
  }

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html; // server-rendered and escaped by Jinja
    return template.content;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (busy) return;
    if (!box.value.trim()) {
      problem.replaceChildren(fragment('<p class="problem" role="alert">Type a question first.</p>'));
      box.focus();
      return;
    }
    problem.replaceChildren();
    setBusy(true);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
      });
      const html = await response.text();
      if (!response.ok) {
        // A fragment for refused questions; a whole error page when the server failed.
        const message = fragment(html).querySelector(".problem");
        problem.replaceChildren(message || fragment('<p class="problem" role="alert">Something went wrong; try again.</p>'));
        return;
      }
      const content = fragment(html);
      const turn = content.querySelector(".turn");
      const intro = document.getElementById("intro");
      if (intro) intro.remove();
      conversation.appendChild(content);
      if (turn) {
        form.elements.conversation.value = turn.dataset.conversation;
        const restart = document.getElementById("new-conversation");
        if (restart) restart.hidden = false;
        history.replaceState(null, "", "/?c=" + encodeURIComponent(turn.dataset.conversation));
        const heading = turn.querySelector(".question");
        turn.scrollIntoView({ block: "start" });
        if (heading) heading.focus({ preventScroll: true });
      }
      box.value = "";
    } catch (err) {
      problem.replaceChildren(fragment('<p class="problem" role="alert">Could not reach the server: check it is still running, then try again.</p>'));
    } finally {
      setBusy(false);
    }
  });

  // Enter asks; Shift+Enter starts a new line.
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
