// The export file: the global settings and every site rule. Import checks the shape before
// anything is sent, so a wrong file changes nothing.

export const EXPORT_FORMAT = "cookie-warden-export";

export function exportDocument(settings, rules) {
  return {format: EXPORT_FORMAT, version: 1, exported: new Date().toISOString(), settings, rules};
}

export function parseImport(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${error.message})`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an export file");
  if (doc.format !== undefined && doc.format !== EXPORT_FORMAT) throw new Error(`unknown format "${doc.format}"`);
  const rules = doc.rules ?? [];
  if (!Array.isArray(rules) || rules.some((r) => !r || typeof r.site !== "string" || !r.site)) {
    throw new Error("every rule needs a site");
  }
  if (doc.settings !== undefined && (typeof doc.settings !== "object" || Array.isArray(doc.settings))) {
    throw new Error("settings must be an object");
  }
  return {settings: doc.settings, rules};
}
