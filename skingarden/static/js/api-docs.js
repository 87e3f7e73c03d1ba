// Starts Swagger UI on the API documentation page (templates/api/docs.html): the
// OpenAPI address comes from the page, not an inline script, so the strict CSP
// holds. Requests made with "Try it out" from a signed-in browser carry the CSRF
// token that Django's session needs on every write.
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({
      url: root.dataset.openapiUrl,
      domNode: root,
      deepLinking: true,
      layout: "BaseLayout",
      validatorUrl: null,
      requestInterceptor: function (request) {
        var token = csrfToken();
        if (token) {
          request.headers["X-CSRFToken"] = token;
        }
        return request;
      },
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
