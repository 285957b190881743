// Our interpreter of Consent-O-Matic's rule format (the format is described in
// extension/consent/RULE-FORMAT.md's source, ../shared/data/consent-o-matic/RULE-FORMAT.md; the
// rules themselves are MIT, see extension/consent/LICENSE.consent-o-matic). A classic script:
// content scripts cannot be ES modules, so it puts one object on globalThis, which the content
// script and the Node tests (with a jsdom window) use alike. Everything takes the window to
// work on; nothing here runs until asked.
(function (global) {
  "use strict";

  const HIDDEN_CLASS = "cw-consent-hidden";
  const given = (x) => x !== null && x !== undefined;
  const asArray = (x) => (!given(x) ? [] : Array.isArray(x) ? x : [x]);

  // Is the node shown? Layout-free, so that it means the same in a test DOM: neither it nor an
  // ancestor has display:none or visibility:hidden. (Opacity does not count: a banner we hid
  // with the hide action is still the banner.)
  function displayed(win, node) {
    for (let n = node; n && n.nodeType === 1; n = n.parentElement ?? n.getRootNode?.()?.host) {
      const style = win.getComputedStyle(n);
      if (style.display === "none" || (n === node && style.visibility === "hidden")) return false;
      if (n.hidden) return false;
    }
    return true;
  }

  function textOf(node) {
    return node.textContent ?? "";
  }

  // One DOM selection ({selector, textFilter, styleFilter, displayFilter, iframeFilter,
  // childFilter, childFilterNegate}) from `root`; [] when nothing matches or the selector is bad.
  function select(win, options, root) {
    if (!options || typeof options !== "object") return [];
    if (!options.selector && options.target) return find(win, options, root); // nested {parent, target}
    let scope = root ?? win.document;
    if (scope.shadowRoot) scope = scope.shadowRoot;
    let nodes;
    try {
      nodes = [...scope.querySelectorAll(options.selector)];
    } catch (_error) {
      return []; // a selector this browser does not know matches nothing
    }
    if (given(options.textFilter)) {
      const filters = asArray(options.textFilter);
      nodes = nodes.filter((n) => filters.some((f) => textOf(n).includes(f)));
    }
    if (options.styleFilter) {
      const {option, value, negated} = options.styleFilter;
      nodes = nodes.filter((n) => (win.getComputedStyle(n)[option] === value) !== Boolean(negated));
    }
    if (given(options.displayFilter)) {
      nodes = nodes.filter((n) => displayed(win, n) === Boolean(options.displayFilter));
    }
    if (given(options.iframeFilter)) {
      const inFrame = win !== win.top;
      nodes = nodes.filter(() => inFrame === Boolean(options.iframeFilter));
    }
    if (options.childFilter) {
      const negate = Boolean(options.childFilterNegate);
      nodes = nodes.filter((n) => (find(win, options.childFilter, n).length > 0) !== negate);
    }
    return nodes;
  }

  // {parent?, target}: the target is looked for under the first node the parent selects.
  function find(win, spec, root) {
    if (!spec) return [];
    let base = root;
    if (spec.parent) {
      const parents = select(win, spec.parent, root);
      if (parents.length === 0) return [];
      base = parents[0];
    }
    return select(win, spec.target, base);
  }

  function matches(win, matcher, root, url) {
    switch (matcher?.type) {
      case "css": {
        const found = find(win, matcher, root).length > 0;
        return found !== Boolean(matcher.negated);
      }
      case "checkbox": {
        const box = find(win, matcher, root)[0];
        const checked = Boolean(box?.checked);
        return matcher.negated ? !checked : checked;
      }
      case "onoff":
        return find(win, {target: matcher.onMatcher}, root).length > 0;
      case "url": {
        const here = url ?? win.location.href;
        const hit = asArray(matcher.url).some((u) => (matcher.regexp ? new RegExp(u).test(here) : here.startsWith(u)));
        return hit !== Boolean(matcher.negated);
      }
      default:
        return false;
    }
  }

  // Rules whose detectors say the platform is present and its banner showing, in list order.
  function detect(win, rules) {
    const found = [];
    for (const [name, rule] of Object.entries(rules)) {
      if (!rule || !Array.isArray(rule.detectors)) continue;
      const hit = rule.detectors.some((d) => {
        const present = asArray(d.presentMatcher);
        return present.length > 0 && present.every((m) => matches(win, m, null)) &&
          asArray(d.showingMatcher).every((m) => matches(win, m, null));
      });
      if (hit) found.push(name);
    }
    return found;
  }

  // Is any rule's platform present at all (showing or not)? The cheap pass for late banners.
  function present(win, rules) {
    return Object.values(rules).some((rule) => asArray(rule?.detectors).some((d) => {
      const matchers = asArray(d.presentMatcher);
      return matchers.length > 0 && matchers.every((m) => matches(win, m, null));
    }));
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Runs one rule's methods with `consents`: {A, B, D, E, F, X} true (allow) / false (refuse).
  // Resolves to {steps} (how many actions ran); rejects on the deadline. `beforeSave` is awaited
  // just before SAVE_CONSENT: the answer is given from then on.
  function createRunner(win, rule, consents, {deadline = Date.now() + 10_000, hide = true, beforeSave = null} = {}) {
    let steps = 0;
    const methods = new Map(asArray(rule.methods).filter((m) => m?.name).map((m) => [m.name, m]));
    const allowAll = Object.values(consents).every(Boolean);
    const allowNone = !Object.values(consents).some(Boolean);

    function click(node) {
      node.click();
    }

    async function run(action, root) {
      if (!action || typeof action !== "object") return;
      if (Date.now() >= deadline) throw new Error("the banner took too long to answer");
      steps += 1;
      switch (action.type) {
        case "click": {
          const node = find(win, action, root)[0];
          if (node) click(node);
          // Pages answer a click with work of their own (a panel opens): let it happen.
          await sleep(10);
          return;
        }
        case "multiclick":
          for (const node of find(win, action, root)) click(node);
          await sleep(10);
          return;
        case "list":
          for (const a of asArray(action.actions)) await run(a, root);
          return;
        case "consent":
          for (const consent of asArray(action.consents)) await answer(consent, root);
          return;
        case "ifcss":
          await run(find(win, action, root).length > 0 ? action.trueAction : action.falseAction, root);
          return;
        case "waitcss": {
          const retries = action.retries ?? 10;
          const wait = action.waitTime ?? 250;
          for (let i = 0; i < retries; i += 1) {
            if ((find(win, action, root).length > 0) !== Boolean(action.negated)) return;
            await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
          }
          return;
        }
        case "foreach":
          for (const node of find(win, action, root)) await run(action.action, node);
          return;
        case "wait": {
          const wait = action.waitTime ?? 250;
          const left = Math.max(0, deadline - Date.now());
          await sleep(Math.min(wait, left));
          // A wait the deadline cuts short means the rule cannot finish in time.
          if (wait > left) throw new Error("the banner took too long to answer");
          return;
        }
        case "hide":
          if (hide) for (const node of find(win, action, root)) node.classList.add(HIDDEN_CLASS);
          return;
        case "ifallowall":
          await run(allowAll ? action.trueAction : action.falseAction, root);
          return;
        case "ifallownone":
          await run(allowNone ? action.trueAction : action.falseAction, root);
          return;
        case "runrooted": {
          const node = find(win, action, root)[0];
          if (node) await run(action.action, node);
          return;
        }
        case "runmethod":
          await runMethod(action.method);
          return;
        // close (would close the citizen's tab) and slide (needs real pointer events) are not
        // done: the rules that need them are left with what the other steps achieve.
        default:
          return;
      }
    }

    async function answer(consent, root) {
      const want = Boolean(consents[consent.type]);
      if (consent.toggleAction && consent.matcher) {
        const on = consent.matcher.type === "onoff"
          ? find(win, {target: consent.matcher.onMatcher}, root).length > 0
          : matches(win, consent.matcher, root);
        if (on !== want) await run(consent.toggleAction, root);
        return;
      }
      await run(want ? consent.trueAction : consent.falseAction, root);
    }

    async function runMethod(name) {
      const method = methods.get(name);
      if (method?.action) await run(method.action, null);
    }

    return {
      async answer() {
        for (const name of ["HIDE_CMP", "OPEN_OPTIONS", "HIDE_CMP", "DO_CONSENT", "SAVE_CONSENT"]) {
          if (name === "SAVE_CONSENT" && beforeSave) await beforeSave();
          await runMethod(name);
        }
        return {steps};
      },
    };
  }

  // Our purposes to Consent-O-Matic's categories (docs/consent.md says where this loses detail).
  // `allowed` is {functional, preferences, statistics, marketing: true|false}; `allowAll` the
  // site's allow-all mode.
  function categoriesFor(allowed, allowAll = false) {
    return {
      A: Boolean(allowed.functional && allowed.preferences),
      B: Boolean(allowed.statistics),
      D: Boolean(allowed.marketing),
      E: Boolean(allowed.marketing),
      F: Boolean(allowed.marketing),
      X: Boolean(allowAll),
    };
  }

  global.cwConsentEngine = {HIDDEN_CLASS, select, find, matches, detect, present, createRunner, categoriesFor,
                            displayed};
})(globalThis);
