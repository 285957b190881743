// The export file: the global settings and every site rule, as `cookie-warden export` writes it.

import {CATEGORIES, LIFETIMES, MODES, THIRD_PARTY} from "./policy.js";

export const EXPORT_FORMAT = "cookie-warden-export";

export function exportDocument(settings, rules) {
  return {format: EXPORT_FORMAT, version: 1, exported: new Date().toISOString(), settings, rules};
}

const RULE_FIELDS = {
  mode: MODES,
  thirdParty: ["default", ...THIRD_PARTY],
  lifetime: ["default", ...LIFETIMES],
};
const SETTING_FIELDS = {thirdParty: THIRD_PARTY, lifetime: LIFETIMES};
const SETTING_NUMBERS = {leaveGraceSeconds: [0, 86400], logRetentionDays: [1, 3650], logMaxEvents: [100, 100000000]};

function checkCategories(value, where, choices) {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error(`${where} must be an object`);
  for (const [name, choice] of Object.entries(value)) {
    if (!CATEGORIES.includes(name)) throw new Error(`${where}: unknown category "${name}"`);
    if (!choices.includes(choice)) throw new Error(`${where}.${name}: "${choice}" is not one of ${choices.join(", ")}`);
    if (name === "necessary" && choice === "deny") throw new Error(`${where}: necessary cookies cannot be denied`);
  }
}

function checkRule(rule, i) {
  const where = `rules[${i}]`;
  if (!rule || typeof rule !== "object" || Array.isArray(rule)) throw new Error(`${where} must be an object`);
  if (typeof rule.site !== "string" || !rule.site) throw new Error(`${where}: every rule needs a site`);
  for (const [key, value] of Object.entries(rule)) {
    if (key === "site") continue;
    if (key === "categories") checkCategories(value, `${where}.categories`, ["allow", "deny", "default"]);
    else if (key === "allowThirdParty") {
      if (!Array.isArray(value) || value.some((d) => typeof d !== "string" || !d)) {
        throw new Error(`${where}.allowThirdParty must be a list of domains`);
      }
    } else if (RULE_FIELDS[key]) {
      if (!RULE_FIELDS[key].includes(value)) throw new Error(`${where}.${key}: "${value}" is not one of ${RULE_FIELDS[key].join(", ")}`);
    } else {
      throw new Error(`${where}: unknown field "${key}"`);
    }
  }
}

function checkSettings(settings) {
  if (!settings || typeof settings !== "object" || Array.isArray(settings)) throw new Error("settings must be an object");
  for (const [key, value] of Object.entries(settings)) {
    if (key === "categories") checkCategories(value, "settings.categories", ["allow", "deny"]);
    else if (SETTING_FIELDS[key]) {
      if (!SETTING_FIELDS[key].includes(value)) throw new Error(`settings.${key}: "${value}" is not one of ${SETTING_FIELDS[key].join(", ")}`);
    } else if (SETTING_NUMBERS[key]) {
      const [min, max] = SETTING_NUMBERS[key];
      if (!Number.isInteger(value) || value < min || value > max) throw new Error(`settings.${key} must be a whole number from ${min} to ${max}`);
    } else {
      throw new Error(`settings: unknown setting "${key}"`);
    }
  }
}

// The same file as `cookie-warden export` writes (schema/rules.schema.json). Everything is
// checked before anything is sent, so a wrong file changes nothing.
export function parseImport(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${error.message})`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an export file");
  if (doc.format !== EXPORT_FORMAT) throw new Error(`not a Cookie Warden export (format "${doc.format}")`);
  if (doc.version !== 1) throw new Error(`export version ${doc.version} is not supported`);
  if (!Array.isArray(doc.rules)) throw new Error("rules must be a list");
  doc.rules.forEach(checkRule);
  if (doc.settings !== undefined) checkSettings(doc.settings);
  return {settings: doc.settings, rules: doc.rules};
}
