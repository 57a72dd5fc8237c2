// The docs pages' own CSS (appended to the people's stylesheet) and their one script, which
// adds a Copy button to code blocks. Without the script the code stays plain, selectable text.

export const DOCS_STYLESHEET = `
main:has(.doc), main.docs { max-width: 52rem; }
.doc h1 { margin-top: 4px; }
.doc h2 { margin: 40px 0 10px; padding-top: 12px; border-top: 1px solid var(--line); }
.doc h3 { font-size: 1.05rem; margin: 28px 0 8px; }
.doc h2, .doc h3 { scroll-margin-top: 12px; }
.doc .anchor { margin-left: 6px; color: var(--muted); text-decoration: none; opacity: 0; }
.doc h2:hover .anchor, .doc h3:hover .anchor, .doc .anchor:focus { opacity: 1; }
.doc p, .doc li, .doc td { overflow-wrap: break-word; }
.doc li { margin: 4px 0; }
.doc li > ul, .doc li > ol { margin: 4px 0; }
.doc code { background: var(--card); border: 1px solid var(--line); border-radius: 4px;
  padding: 0 4px; font-size: .875em; word-break: normal; overflow-wrap: break-word; }
.doc td:first-child code { white-space: nowrap; }
.doc blockquote { font-style: normal; color: inherit; border-left-color: var(--accent);
  background: var(--card); padding: 8px 14px; border-radius: 0 8px 8px 0; }
.doc blockquote p { margin: 4px 0; }
.doc table { margin: 12px 0; }
.doc th { white-space: nowrap; }
.doc .center { text-align: center; }
.doc hr { border: 0; border-top: 1px solid var(--line); margin: 32px 0; }
.codeblock { position: relative; margin: 16px 0; }
.codeblock pre { margin: 0; padding: 14px 16px; overflow-x: auto; border: 1px solid var(--line);
  border-radius: 10px; background: var(--card);
  font: 13.5px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.codeblock.has-copy pre { padding-top: 36px; }
.codeblock pre:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.codeblock pre code { background: none; border: 0; padding: 0; font: inherit;
  white-space: pre; overflow-wrap: normal; }
.codeblock .copy { position: absolute; top: 6px; right: 6px; margin: 0; padding: 3px 10px;
  font-size: .8rem; background: Canvas; color: var(--accent); }
.docs-crumbs { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: .9rem;
  color: var(--muted); }
.docs-pager { display: flex; justify-content: space-between; gap: 16px; margin-top: 48px;
  padding-top: 16px; border-top: 1px solid var(--line); }
.docs-pager a { display: block; max-width: 48%; text-decoration: none; }
.docs-pager .next { margin-left: auto; text-align: right; }
.docs-pager small { display: block; color: var(--muted); }
ol.docs-index { padding-left: 1.4rem; }
ol.docs-index li { margin: 14px 0; }
ol.docs-index a { font-weight: 600; }
ol.docs-index p { margin: 2px 0 0; }
.docs-all { font-size: .9rem; margin-top: 24px; }
.docs-all ul { columns: 2 12rem; padding-left: 1.2rem; }
.docs-all [aria-current] { font-weight: 700; color: inherit; }
@media (max-width: 560px) { .doc th { white-space: normal; } }
`;

export const DOCS_SCRIPT = `// Polis docs: a Copy button on each code block.
(function () {
  if (!navigator.clipboard) return;
  var blocks = document.querySelectorAll('.codeblock');
  Array.prototype.forEach.call(blocks, function (block) {
    var pre = block.querySelector('pre');
    if (!pre) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-live', 'polite');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(pre.textContent || '').then(
        function () { say(button, 'Copied'); },
        function () { say(button, 'Select the text to copy'); }
      );
    });
    block.insertBefore(button, pre);
    block.classList.add('has-copy');
  });
  function say(button, text) {
    button.textContent = text;
    setTimeout(function () { button.textContent = 'Copy'; }, 1600);
  }
})();
`;
