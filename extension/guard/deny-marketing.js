// Marks marketing as denied on this page for the document.cookie guard (guard.js reads and removes it).
(globalThis[Symbol.for("cookie-warden.guard")] ??= {deny: []}).deny.push("marketing");
