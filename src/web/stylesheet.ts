// The one stylesheet of the people's pages, served at /assets/polis.css.
export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #3b5bdb; --muted: #6b7280; --line: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.brand { padding: 12px 20px; border-bottom: 1px solid var(--line); font-weight: 700; }
.brand a { color: inherit; text-decoration: none; }
main { max-width: 34rem; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 16px; }
p.muted, .muted { color: var(--muted); }
form { margin: 20px 0; }
label { display: block; margin: 12px 0 4px; font-weight: 600; }
input[type=text], input[type=email], input[type=password] {
  width: 100%; padding: 10px 12px; font: inherit; border: 1px solid var(--line); border-radius: 8px;
}
label.check { display: flex; gap: 10px; align-items: flex-start; font-weight: 400; }
label.check input { margin-top: 5px; }
button { font: inherit; padding: 10px 18px; border-radius: 8px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; margin: 12px 8px 0 0; }
button.secondary { background: transparent; color: var(--accent); }
.warning { border-left: 4px solid #d97706; padding: 8px 12px; background: rgba(217,119,6,.08); }
.error { border-left: 4px solid #dc2626; padding: 8px 12px; background: rgba(220,38,38,.08); }
code { font-size: .95em; word-break: break-all; }
`;
