// The capture page: the live rear camera with the site's first photo as a ghost to
// line up with. A shot is one frame of the video at the camera's full resolution,
// handed to the page's own upload form, so it goes through exactly the checks an
// uploaded file does. Where there is no camera API (or it is refused), the file
// input of that form is all there is, and it works without this script.
(function () {
  var box = document.querySelector("[data-capture]");
  var form = document.querySelector("[data-upload-form]");
  var status = document.querySelector("[data-camera-status]");
  if (!box || !form) { return; }
  var video = box.querySelector("[data-video]");
  var shoot = box.querySelector("[data-shoot]");
  var input = form.querySelector("input[type=file]");
  var canHand = typeof DataTransfer === "function";
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !canHand) { return; }

  function say(text) { if (status) { status.textContent = text; } }

  var wanted = {
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 4032 }, height: { ideal: 3024 } }
  };
  navigator.mediaDevices.getUserMedia(wanted).then(function (stream) {
    video.srcObject = stream;
    box.hidden = false;
    say("Camera on. Line the skin up, then take the shot; or choose a photo below.");
    window.addEventListener("pagehide", function () {
      stream.getTracks().forEach(function (track) { track.stop(); });
    });
  }).catch(function () {
    say("The camera is not available here; choose a photo or take one with the button below.");
  });

  function frameBlob() {
    var canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.95); });
  }

  shoot.addEventListener("click", function () {
    if (!video.videoWidth) { say("The camera is still starting; try again in a moment."); return; }
    shoot.disabled = true;
    say("Saving the shot…");
    frameBlob().then(function (blob) {
      var files = new DataTransfer();
      files.items.add(new File([blob], "shot.jpg", { type: "image/jpeg" }));
      input.files = files.files;
      form.submit();
    });
  });
})();
