// Build the two stylesheet bundles every HTML page links (one each):
//
//   build/frontend/bundles/public.css      fonts + KERN (unused rules purged) + frh/site.css
//                                          + every per-app file a public page uses
//   build/frontend/bundles/backoffice.css  the same + the back-office and workspace files
//                                          (and Leaflet's CSS for the back-office maps)
//
// and copy the Fira Sans subsets (@fontsource/fira-sans: 400 and 600, latin, latin-ext,
// cyrillic, cyrillic-ext, each with its unicode-range) and Noto Sans Arabic's Arabic subset
// (@fontsource/noto-sans-arabic, 400 and 600) to build/frontend/fonts/.
// Print/PDF stylesheets (WeasyPrint) are not bundled: they stay the files they are.
//
// Run by `make setup` (node scripts/build_css.mjs); Django serves build/frontend as
// static files (STATICFILES_DIRS), so the bundles are at static "bundles/public.css".
// A manifest (bundles/manifest.json) lists what went into each bundle; the tests read it.

import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { transform } from "lightningcss";
import { PurgeCSS } from "purgecss";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NODE_MODULES = path.join(ROOT, "node_modules");
const OUT = path.join(ROOT, "build", "frontend");
const APP_ROOT = path.join(ROOT, "familienrathaus");

// ----------------------------------------------------------------------------- sources

// Static paths (as {% static %} names them) of the per-app stylesheets, in the order the
// pages linked them. A page of the public site needs only PUBLIC; back-office and
// workspace pages (partners, network members, employers' self-assessment) get both.
const PUBLIC = [
  "frh/site.css",
  "frh/events.css",
  "frh/holidays.css",
  "frh/lottery.css",
  "frh/places.css",
  "frh/news.css",
  "frh/newsletter.css",
  "frh/charts.css",
  "ideas/ideas.css",
  "surveys/answering.css",
  "surveys/results.css",
  "employers/public.css",
  "employers/programme.css",
  "welcome/registration.css",
  "welcome/guide.css",
  "concerns/public.css",
  "frh/rtl.css",
];
const BACKOFFICE = [
  "surveys/builder.css",
  "employers/assessment.css",
  "welcome/desk.css",
  "concerns/desk.css",
  "reports/dashboard.css",
  "reports/annual.css",
  "reports/gaps.css",
  "reports/districts.css",
  "network/werkstatt.css",
  "network/meetings.css",
  "network/minutes.css",
  "network/papers.css",
];
// Leaflet's own CSS for the back-office maps (place, Notinsel, district outline, gap
// map); the public map page loads it itself when the visitor loads the map.
const BACKOFFICE_VENDOR = [["leaflet/dist/leaflet.css", "../vendor/leaflet/"]];

// Stylesheets for WeasyPrint (PDF) and printing: every page that uses them names them
// itself; they are never bundled. A new CSS file must be listed in one of the lists.
const PRINT = [
  "employers/certificate.css",
  "frh/pdf-fonts.css",
  "guide/print.css",
  "holidays/print.css",
  "network/minutes_pdf.css",
  "places/print.css",
  "postcards/postcard.css",
  "reports/annual-print.css",
  "surveys/codes.css",
  "surveys/report.css",
  "welcome/guide_letter.css",
  "welcome/receipt.css",
];

const KERN_CSS = path.join(NODE_MODULES, "@kern-ux/native/dist/kern.min.css");
const FONTSOURCE = path.join(NODE_MODULES, "@fontsource/fira-sans");
// In fontsource's order: where two subsets' unicode-ranges overlap (ı U+0131, combining
// accents) the face defined last wins, so Latin comes last and a German page with a
// Turkish name in it needs no Latin Extended file.
const FONT_SUBSETS = ["cyrillic-ext", "cyrillic", "latin-ext", "latin"];
// Two weights only. KERN asks for 500 (medium: "balanced" headings, sublines) and our
// CSS for 700 (bold) in places: the 600 face answers for 500 to 700, so neither falls
// back to 400 nor gets a synthesised bold; KERN's medium variable says 600 as well.
const FONT_WEIGHTS = { 400: "400", 600: "500 700" };
// Until Fira Sans has arrived (font-display: swap) the text shows in a font the phone
// has, scaled to Fira Sans' widths and line metrics, so that the swap moves nothing: the
// header wrapped differently in the wider fallback and pushed every page down by 63 px
// (Lighthouse's layout shift 0.28 on a phone). One family per fallback, as each needs its
// own scaling; a local() font the device lacks fails and the next family stands in.
// size-adjust is Fira Sans' width of a German sample (navigation, headings, body text)
// over the fallback's at the same weight, measured in Chromium with canvas measureText;
// ascent and descent are Fira Sans' (0.935 and 0.265 em) divided by size-adjust.
// [family, weight, local() names, size-adjust %]
const FALLBACK_FONTS = [
  ["Fira Sans Arial", 400, ["Arial", "ArialMT", "Liberation Sans"], 101.55], // iPhone, Windows, Mac
  ["Fira Sans Arial", 600, ["Arial Bold", "Arial-BoldMT", "Liberation Sans Bold"], 94.81],
  ["Fira Sans Roboto", 400, ["Roboto", "Roboto-Regular"], 102.05], // Android
  ["Fira Sans Roboto", 600, ["Roboto Bold", "Roboto-Bold"], 100.58],
  ["Fira Sans DejaVu", 400, ["DejaVu Sans", "DejaVuSans"], 89.95], // Linux
  ["Fira Sans DejaVu", 600, ["DejaVu Sans Bold", "DejaVuSans-Bold"], 79.64],
];
const FALLBACK_FACES = FALLBACK_FONTS.map(
  ([family, weight, locals, adjust]) =>
    `@font-face{font-family:"${family}";font-style:normal;font-weight:${FONT_WEIGHTS[weight]};` +
    `src:${locals.map((name) => `local("${name}")`).join(",")};size-adjust:${adjust}%;` +
    `ascent-override:${((93.5 / adjust) * 100).toFixed(2)}%;` +
    `descent-override:${((26.5 / adjust) * 100).toFixed(2)}%;line-gap-override:0%}`,
).join("\n");
// Noto Sans Arabic (@fontsource/noto-sans-arabic: its "arabic" subset, 400 and 600) for
// Arabic script: declared with that subset's unicode-range, so a browser downloads it only
// for a page with Arabic letters on it (base.html preloads it on Arabic pages only); a copy
// the device has (local()) is used instead of the download. It stands after Fira Sans in
// the stack: Fira Sans has no Arabic letters, Noto Sans Arabic answers for those alone.
const ARABIC = path.join(NODE_MODULES, "@fontsource/noto-sans-arabic");
const ARABIC_LOCAL = {
  400: ["Noto Sans Arabic", "Noto Sans Arabic Regular", "NotoSansArabic-Regular"],
  600: ["Noto Sans Arabic SemiBold", "NotoSansArabic-SemiBold"],
};
const FONT_STACK = `"Fira Sans","Noto Sans Arabic",${[...new Set(FALLBACK_FONTS.map(([family]) => `"${family}"`))].join(",")},sans-serif`;
const FONT_OVERRIDES =
  ":root{--kern-typography-font-weight-medium:600;" +
  `--kern-typography-font-family-fira-sans:${FONT_STACK}}`;

// Where PurgeCSS looks for the KERN classes we use: templates, Python (form widgets,
// tiles, messages) and our scripts.
const CONTENT_GLOBS = [
  "familienrathaus/**/*.html",
  "familienrathaus/**/*.py",
  "familienrathaus/**/static/**/*.js",
];
// KERN classes that templates compose from a variable or a tag
// ("kern-alert--{% if message.tags == 'error' %}danger…", "kern-form-check__{{ attrs.type }}"):
// PurgeCSS sees only "kern-alert--", so every class starting with one of these prefixes
// stays. tests/test_stylesheets.py finds composed classes and fails when one is not
// covered here.
const SAFELIST_PREFIXES = ["kern-alert--", "kern-badge--", "kern-btn--", "kern-form-check__"];
// KERN's colour layers: ":is(body, .kern-light, …):not([class*=kern-level-])" sets the
// "-contextual" colours every component uses. PurgeCSS does not see that it matches
// <body> and would drop it (buttons then fall back to KERN's blue instead of the theme):
// rules with :is()/:where() are kept whole, and so are the theme and layer classes.
const SAFELIST_GREEDY = [/kern-light/, /kern-dark/, /kern-level-/, /kern-layer/, /data-kern-theme/];
const KEEP_WHOLE = /(^|[{}])([^{}@]*:(?:is|where)\([^{}]*\{[^{}]*\})/g;

// ----------------------------------------------------------------------------- helpers

async function findStaticFile(staticPath) {
  // An app's "static/<app>/x.css" or the project's "familienrathaus/static/frh/x.css".
  const [first] = staticPath.split("/");
  const candidates = [
    path.join(APP_ROOT, "static", staticPath),
    path.join(APP_ROOT, first, "static", staticPath),
  ];
  for (const candidate of candidates) {
    try {
      return { file: candidate, css: await readFile(candidate, "utf8") };
    } catch {
      // try the next place
    }
  }
  throw new Error(`${staticPath}: no such stylesheet (looked in ${candidates.join(", ")})`);
}

async function allStylesheets(dir = APP_ROOT, found = []) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "__pycache__") await allStylesheets(full, found);
    else if (entry.name.endsWith(".css") && full.includes(`${path.sep}static${path.sep}`)) {
      found.push(full.split(`${path.sep}static${path.sep}`).pop().split(path.sep).join("/"));
    }
  }
  return found;
}

async function fontFaces() {
  const faces = [];
  const files = [];
  for (const [weight, range] of Object.entries(FONT_WEIGHTS)) {
    const css = await readFile(path.join(FONTSOURCE, `${weight}.css`), "utf8");
    for (const subset of FONT_SUBSETS) {
      const name = `fira-sans-${subset}-${weight}-normal`;
      const block = css.match(new RegExp(`/\\* ${name} \\*/\\s*@font-face\\s*{([^}]*)}`));
      const unicodeRange = block?.[1].match(/unicode-range:\s*([^;]+);/)?.[1];
      if (!unicodeRange) throw new Error(`@fontsource/fira-sans: no ${name} in ${weight}.css`);
      files.push(`${name}.woff2`);
      faces.push(
        `@font-face{font-family:"Fira Sans";font-style:normal;font-display:swap;` +
          `font-weight:${range};src:url(../fonts/${name}.woff2) format("woff2");` +
          `unicode-range:${unicodeRange.trim()}}`,
      );
    }
  }
  for (const [weight, range] of Object.entries(FONT_WEIGHTS)) {
    const css = await readFile(path.join(ARABIC, `${weight}.css`), "utf8");
    const name = `noto-sans-arabic-arabic-${weight}-normal`;
    const block = css.match(new RegExp(`/\\* ${name} \\*/\\s*@font-face\\s*{([^}]*)}`));
    const unicodeRange = block?.[1].match(/unicode-range:\s*([^;]+);/)?.[1];
    if (!unicodeRange) throw new Error(`@fontsource/noto-sans-arabic: no ${name} in ${weight}.css`);
    files.push(`${name}.woff2`);
    const locals = ARABIC_LOCAL[weight].map((local) => `local("${local}")`).join(",");
    faces.push(
      `@font-face{font-family:"Noto Sans Arabic";font-style:normal;font-display:swap;` +
        `font-weight:${range};src:${locals},url(../fonts/${name}.woff2) format("woff2");` +
        `unicode-range:${unicodeRange.trim()}}`,
    );
  }
  return { css: faces.join("\n"), files };
}

async function purgedKern() {
  const raw = await readFile(KERN_CSS, "utf8");
  // FRH_CSS_NO_PURGE=1: all of KERN, to compare a page with and without purging.
  if (process.env.FRH_CSS_NO_PURGE) return { css: raw, rawBytes: raw.length };
  const [result] = await new PurgeCSS().purge({
    content: CONTENT_GLOBS.map((glob) => path.join(ROOT, glob)),
    css: [
      {
        raw: raw.replace(KEEP_WHOLE, "$1/* purgecss start ignore */$2/* purgecss end ignore */"),
        name: "kern.min.css",
      },
    ],
    // Words as Django templates and Python strings write them (no Tailwind-like ":" in
    // class names here); "kern-alert--{{ level }}" yields "kern-alert--" and "level".
    defaultExtractor: (content) => content.match(/[A-Za-z0-9_-]+/g) || [],
    safelist: {
      standard: [/^:root$/, /^html$/, /^body$/, ...SAFELIST_PREFIXES.map((prefix) => new RegExp(`^${prefix}`))],
      greedy: SAFELIST_GREEDY,
    },
    // KERN's design tokens are custom properties used through var(): keep them all.
    variables: false,
    keyframes: false,
    fontFace: false,
  });
  return { css: result.css, rawBytes: raw.length };
}

function minify(name, css) {
  const { code, warnings } = transform({
    filename: name,
    code: Buffer.from(css),
    minify: true,
    // No targets: the rules are kept as written (KERN's oklch colours, nesting-free CSS).
    errorRecovery: false,
  });
  for (const warning of warnings) console.warn(`${name}: ${warning.message}`);
  return code.toString();
}

// Two files of one bundle that give the same selector (in the same @media) different
// values for the same property fight: the later file wins silently. The build reports it
// so it can be fixed at the source.
function rules(css) {
  // [context, selector, declarations] for every style rule, nested in @media/@supports.
  const found = [];
  const context = [];
  let prelude = "";
  const flat = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (let i = 0; i < flat.length; i++) {
    const char = flat[i];
    if (char === "{") {
      const head = prelude.trim().replace(/\s+/g, " ");
      prelude = "";
      if (head.startsWith("@")) {
        context.push(head);
        continue;
      }
      const close = flat.indexOf("}", i);
      found.push([context.join(" "), head, flat.slice(i + 1, close)]);
      i = close;
    } else if (char === "}") {
      context.pop();
    } else if (char === ";" && !prelude.includes("{")) {
      prelude = ""; // an at-statement such as @charset
    } else {
      prelude += char;
    }
  }
  return found;
}

function conflicts(sources) {
  const seen = new Map();
  const found = [];
  for (const { name, css } of sources) {
    for (const [context, selectors, body] of rules(css)) {
      for (const selector of selectors.split(",").map((s) => s.trim())) {
        for (const declaration of body.split(";")) {
          const colon = declaration.indexOf(":");
          if (colon < 0) continue;
          const property = declaration.slice(0, colon).trim();
          // "none" and "none !important" do not fight.
          const value = declaration.slice(colon + 1).replace(/!important/, "").trim();
          const key = `${context}\u0000${selector}\u0000${property}`;
          const before = seen.get(key);
          if (before && before.name !== name && before.value !== value) {
            const where = context ? `${context} ` : "";
            found.push(`${where}${selector} { ${property} }: ${before.name} "${before.value}", ${name} "${value}"`);
          }
          seen.set(key, { name, value });
        }
      }
    }
  }
  return found;
}

// ----------------------------------------------------------------------------- build

async function main() {
  const listed = new Set([...PUBLIC, ...BACKOFFICE, ...PRINT]);
  const unlisted = (await allStylesheets()).filter((name) => !listed.has(name));
  if (unlisted.length) {
    throw new Error(
      `Stylesheets in no bundle and not listed as print: ${unlisted.join(", ")}\n` +
        "Add each to PUBLIC, BACKOFFICE or PRINT in scripts/build_css.mjs.",
    );
  }

  const fonts = await fontFaces();
  const kern = await purgedKern();
  const load = async (names) => Promise.all(names.map(async (name) => ({ name, ...(await findStaticFile(name)) })));
  const publicSources = await load(PUBLIC);
  const backofficeSources = await load(BACKOFFICE);
  const vendorSources = await Promise.all(
    BACKOFFICE_VENDOR.map(async ([file, base]) => {
      const css = await readFile(path.join(NODE_MODULES, file), "utf8");
      // Relative url()s (Leaflet's images/) point to the copy in build/frontend/vendor.
      return { name: file, css: css.replace(/url\((['"]?)(?!data:|\/|https?:)/g, `url($1${base}`) };
    }),
  );

  const head = [fonts.css, FALLBACK_FACES, kern.css, FONT_OVERRIDES];
  const bundles = {
    "public.css": [...head, ...publicSources.map((s) => s.css)].join("\n"),
    "backoffice.css": [
      ...head,
      ...vendorSources.map((s) => s.css),
      ...publicSources.map((s) => s.css),
      ...backofficeSources.map((s) => s.css),
    ].join("\n"),
  };

  await rm(path.join(OUT, "bundles"), { recursive: true, force: true });
  await rm(path.join(OUT, "fonts"), { recursive: true, force: true });
  await mkdir(path.join(OUT, "bundles"), { recursive: true });
  await mkdir(path.join(OUT, "fonts"), { recursive: true });
  for (const file of fonts.files) {
    const source = file.startsWith("noto-sans-arabic") ? ARABIC : FONTSOURCE;
    await copyFile(path.join(source, "files", file), path.join(OUT, "fonts", file));
  }
  await copyFile(path.join(FONTSOURCE, "LICENSE"), path.join(OUT, "fonts", "FIRA-SANS-LICENSE.txt"));
  await copyFile(path.join(ARABIC, "LICENSE"), path.join(OUT, "fonts", "NOTO-SANS-ARABIC-LICENSE.txt"));
  const sizes = {};
  for (const [name, css] of Object.entries(bundles)) {
    const code = minify(name, css);
    await writeFile(path.join(OUT, "bundles", name), code);
    sizes[name] = code.length;
  }
  const manifest = {
    "public.css": { sources: PUBLIC },
    "backoffice.css": { sources: [...PUBLIC, ...BACKOFFICE], vendor: BACKOFFICE_VENDOR.map(([f]) => f) },
    print: PRINT,
    fonts: fonts.files,
    safelist_prefixes: SAFELIST_PREFIXES,
    content_globs: CONTENT_GLOBS,
  };
  await writeFile(path.join(OUT, "bundles", "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

  const fights = conflicts([...publicSources, ...backofficeSources]);
  for (const fight of fights) console.warn(`Conflicting rules: ${fight}`);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `Built build/frontend/bundles: public.css ${kb(sizes["public.css"])}, ` +
      `backoffice.css ${kb(sizes["backoffice.css"])} (KERN ${kb(kern.rawBytes)} → ${kb(kern.css.length)}); ` +
      `${fonts.files.length} font files in build/frontend/fonts`,
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
