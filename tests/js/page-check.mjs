// Open a local HTML page in Debian's chromium (headless, through playwright-core),
// and report what a person and a screen reader would meet:
//   node page-check.mjs PAGE.html OUT_DIR
// prints one JSON object: the visible text at each width, every request the page
// made (a self-contained page makes none beyond itself), axe-core's WCAG 2 A/AA
// violations, and writes a screenshot per width into OUT_DIR.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [page_path, out_dir] = process.argv.slice(2);
const url = pathToFileURL(page_path).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { widths: {}, requests: [], violations: [] };
try {
  for (const width of [360, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on("request", (request) => result.requests.push(request.url()));
    await page.goto(url, { waitUntil: "load" });
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
    const text = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: `${out_dir}/page-${width}px.png`, fullPage: true });
    result.widths[width] = { text, fits };
    if (width === 360) {
      await page.addScriptTag({ content: axeSource });
      const axe = await page.evaluate(async () =>
        await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      result.violations = axe.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")) }));
      result.passes = axe.passes.length;
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result));
