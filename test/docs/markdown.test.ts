// The docs' Markdown renderer: the constructs the pages use, and escaping of everything else.
import { describe, expect, it } from 'vitest';
import { escapeHtml, plainText, renderInline, slugify } from '../../src/docs/inline';
import { renderMarkdown } from '../../src/docs/markdown';

const html = renderMarkdown;

describe('block Markdown', () => {
  it('gives headings ids, unique within a page, and section links below the title', () => {
    expect(html('# Title\n\n## Token lifetimes\n\n## Token lifetimes')).toBe(
      '<h1 id="title">Title</h1>\n' +
        '<h2 id="token-lifetimes">Token lifetimes <a class="anchor" href="#token-lifetimes" ' +
        'aria-hidden="true">#</a></h2>\n' +
        '<h2 id="token-lifetimes-2">Token lifetimes <a class="anchor" href="#token-lifetimes-2" ' +
        'aria-hidden="true">#</a></h2>',
    );
  });

  it('joins the lines of a paragraph and separates paragraphs at blank lines', () => {
    expect(html('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>');
  });

  it('renders tight lists without paragraphs, ordered lists with their start, and nesting', () => {
    expect(html('- a\n- b\n  - c')).toBe(
      '<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul></li>\n</ul>',
    );
    expect(html('3. x\n4. y')).toBe('<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>');
  });

  it('keeps a code block inside a list item', () => {
    const out = html('1. Run:\n\n   ```sh\n   npm test\n   ```\n\n2. Done.');
    expect(out).toContain('<pre tabindex="0"><code class="language-sh">npm test</code></pre>');
    expect(out).toContain('<li><p>Done.</p></li>');
  });

  it('renders pipe tables with alignment, escaped pipes and inline code', () => {
    const out = html('| a | b |\n| --- | ---: |\n| `x\\|y` | 2 |');
    expect(out).toBe(
      '<div class="scroll"><table><thead><tr><th>a</th><th class="num">b</th></tr></thead>' +
        '<tbody><tr><td><code>x|y</code></td><td class="num">2</td></tr></tbody></table></div>',
    );
  });

  it('escapes fenced code verbatim, keeping blank lines and markup characters', () => {
    const out = html('```json\n{"a": "<b>&"}\n\n  *not em*\n```');
    expect(out).toBe(
      '<div class="codeblock" data-lang="json"><pre tabindex="0"><code class="language-json">' +
        '{&quot;a&quot;: &quot;&lt;b&gt;&amp;&quot;}\n\n  *not em*</code></pre></div>',
    );
  });

  it('renders block quotes and rules', () => {
    expect(html('> **Note** this\n\n---')).toBe(
      '<blockquote><p><strong>Note</strong> this</p></blockquote>\n<hr>',
    );
  });

  it('escapes raw HTML in the source instead of passing it through', () => {
    expect(html('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });
});

describe('inline Markdown', () => {
  it('leaves underscores inside words alone', () => {
    expect(renderInline('persona_count and url_mode')).toBe('persona_count and url_mode');
    expect(renderInline('_em_ and __strong__')).toBe('<em>em</em> and <strong>strong</strong>');
  });

  it('renders links to the web, site paths and anchors, and drops other schemes', () => {
    expect(renderInline('[a](/docs/x#y) [b](https://e.example/) [c](#z)')).toBe(
      '<a href="/docs/x#y">a</a> <a href="https://e.example/">b</a> <a href="#z">c</a>',
    );
    expect(renderInline('[bad](javascript:alert(1))')).not.toContain('href');
    expect(renderInline('[bad](//evil.example/)')).toBe('bad');
  });

  it('does not parse markup inside code spans', () => {
    expect(renderInline('`**x** [a](/b)`')).toBe('<code>**x** [a](/b)</code>');
    expect(renderInline('`` a`b ``')).toBe('<code>a`b</code>');
  });

  it('honours backslash escapes', () => {
    expect(renderInline('\\*not em\\* a\\|b')).toBe('*not em* a|b');
  });

  it('escapes every HTML-significant character of text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('titles and ids', () => {
  it('strips markup for plain text and slugs', () => {
    expect(plainText('Every `polis_test` **input**, [linked](/x)')).toBe(
      'Every polis_test input, linked',
    );
    expect(slugify('`polis_test`')).toBe('polis_test');
    expect(slugify('1. Estimate')).toBe('1-estimate');
  });
});
