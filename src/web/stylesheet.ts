// The one stylesheet of the people's pages, served at /assets/polis.css. The page CSP allows
// no inline style, so chart sizes are classes: w-N (width) and h-N (height), N = 0…100 percent.
import { DOCS_STYLESHEET } from '../docs/assets';
const sizes = Array.from({ length: 101 }, (_, n) => `.w-${n}{width:${n}%}.h-${n}{height:${n}%}`);

export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #3b5bdb; --muted: #6b7280; --line: #d1d5db;
  --card: rgba(127,127,127,.06); --s1: #3b5bdb; --s2: #0ca678; --s3: #f08c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.brand { display: flex; align-items: center; justify-content: space-between; gap: 12px;
  padding: 12px 20px; border-bottom: 1px solid var(--line); font-weight: 700; }
.brand a { color: inherit; text-decoration: none; }
.brand .who { display: flex; align-items: center; gap: 10px; margin: 0; font-weight: 400;
  font-size: .9rem; min-width: 0; }
.brand .who span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
main { max-width: 44rem; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 16px; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 32px 0 8px; }
h3 { font-size: 1rem; margin: 0 0 6px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.small { font-size: .875rem; }
form { margin: 16px 0; }
form.inline { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; }
.card { border: 1px solid var(--line); border-radius: 12px; padding: 4px 16px 16px;
  background: var(--card); margin: 16px 0; }
label { display: block; margin: 12px 0 4px; font-weight: 600; }
input[type=text], input[type=email], input[type=password] {
  width: 100%; padding: 10px 12px; font: inherit; border: 1px solid var(--line);
  border-radius: 8px; background: Canvas; color: CanvasText; }
input[readonly] { background: var(--card); }
input.code { font-family: ui-monospace, monospace; letter-spacing: .08em; }
label.check { display: flex; gap: 10px; align-items: flex-start; font-weight: 400; }
label.check input { margin-top: 5px; }
fieldset { border: 1px solid var(--line); border-radius: 12px; padding: 8px 16px; margin: 0; }
legend { font-weight: 600; padding: 0 4px; }
button, a.button { display: inline-block; font: inherit; padding: 10px 18px; border-radius: 8px;
  border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer;
  margin: 12px 8px 0 0; text-decoration: none; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: transparent; color: #c92a2a; border-color: #e03131; margin: 0;
  padding: 6px 14px; }
button.link { background: none; border: 0; color: var(--accent); padding: 0; margin: 0;
  text-decoration: underline; white-space: nowrap; }
.actions { display: flex; flex-wrap: wrap; }
.aside { font-size: .9rem; margin-top: 12px; }
.divider { display: flex; align-items: center; gap: 12px; color: var(--muted); font-size: .9rem; }
.divider::before, .divider::after { content: ""; flex: 1; border-top: 1px solid var(--line); }
.warning, .error, .notice { border-left: 4px solid; padding: 8px 12px; border-radius: 4px; }
.warning { border-color: #d97706; background: rgba(217,119,6,.08); }
.error { border-color: #dc2626; background: rgba(220,38,38,.08); }
.notice { border-color: #0ca678; background: rgba(12,166,120,.08); }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: .04em; padding: 1px 8px; border-radius: 999px; margin-right: 4px; }
.badge.warn { background: rgba(217,119,6,.15); color: #b45309; }
.badge.ok { background: rgba(12,166,120,.15); color: #087f5b; }
code { font-size: .95em; word-break: break-all; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 12px;
  margin: 0; }
.figures div { border: 1px solid var(--line); border-radius: 12px; padding: 10px 14px; }
.figures dt { color: var(--muted); font-size: .875rem; }
.figures dd { margin: 0; font-size: 1.35rem; font-weight: 700; }
.figures dd span { white-space: nowrap; }
.scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; margin-top: 16px; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { text-align: left; padding: 6px 8px 6px 0; border-bottom: 1px solid var(--line);
  vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
ul.rows { list-style: none; padding: 0; margin: 0; }
ul.rows li { display: flex; justify-content: space-between; align-items: center; gap: 12px;
  padding: 12px 0; border-bottom: 1px solid var(--line); }
ul.rows li > div { min-width: 0; overflow-wrap: anywhere; }
progress, meter { width: 100%; max-width: 12rem; }
.stack { display: flex; height: 28px; border-radius: 8px; overflow: hidden; margin: 8px 0; }
.seg { display: block; height: 100%; }
.s1 { background: var(--s1); } .s2 { background: var(--s2); } .s3 { background: var(--s3); }
.legend { list-style: none; padding: 0; }
.legend li { margin: 8px 0; }
.legend p { margin: 2px 0 0 22px; }
.dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 8px; }
.frictions li { margin: 12px 0; }
.frictions meter { display: block; margin: 4px 0; }
blockquote { margin: 6px 0; padding: 4px 12px; border-left: 3px solid var(--line);
  font-style: italic; }
.quote { margin: 12px 0; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.pair > div { border: 1px solid var(--line); border-radius: 12px; padding: 12px; min-width: 0; }
pre.text { white-space: pre-wrap; font: inherit; margin: 0; overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 16px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 12px; padding: 12px; }
.chart figcaption { font-weight: 600; font-size: .9rem; margin-bottom: 8px; }
.hist { display: flex; align-items: flex-end; gap: 3px; height: 100px;
  border-bottom: 1px solid var(--line); }
.hist .col { flex: 1; height: 100%; display: flex; align-items: flex-end; }
.hist .bar { display: block; width: 100%; background: var(--accent); border-radius: 3px 3px 0 0;
  min-height: 1px; }
.ticks { display: flex; gap: 3px; font-size: .7rem; color: var(--muted); }
.ticks span { flex: 1; text-align: center; }
ul.bars { list-style: none; padding: 0; margin: 0; }
ul.bars li { display: grid; grid-template-columns: minmax(5rem, 35%) 1fr 3.5rem; gap: 8px;
  align-items: center; font-size: .875rem; margin: 4px 0; }
ul.bars .label { overflow-wrap: anywhere; line-height: 1.25; }
.track { background: var(--card); border-radius: 4px; height: 12px; overflow: hidden; }
.fill { display: block; height: 100%; background: var(--accent); }
ul.bars .value { text-align: right; }
ul.links li { margin: 6px 0; }
@media (max-width: 560px) {
  .pair { grid-template-columns: 1fr; }
  main { padding: 16px 14px 40px; }
  ul.rows li { flex-wrap: wrap; }
}
${sizes.join('\n')}
${DOCS_STYLESHEET}`;
