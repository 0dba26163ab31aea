// Shows how much of an upload has been sent (issue 4: "uploads with progress shown"). Without
// JavaScript the form posts as usual; with it, the same request goes by XMLHttpRequest so the
// browser reports progress, and the page the server answers with replaces this one. A classic script
// loaded from a file (the Content-Security-Policy allows no inline script), so it runs again in the
// page written over this one.
(function initUploadProgress() {
for (const form of document.querySelectorAll('form[data-module="app-upload-progress"]')) {
  const box = form.querySelector(".app-upload-progress");
  const bar = form.querySelector("progress");
  const percent = form.querySelector("[data-upload-percent]");
  form.addEventListener("submit", (event) => {
    if (!window.FormData || !box) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const done = Math.round((100 * e.loaded) / e.total);
      bar.value = done;
      percent.textContent = `${done}%`;
    });
    request.addEventListener("load", () => {
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.location.assign(request.responseURL);
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    });
    request.addEventListener("error", () => { percent.textContent = "The upload failed: try again"; });
    box.hidden = false;
    request.send(new FormData(form));
  });
}
})();
