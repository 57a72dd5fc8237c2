// Runs inside the rendered page (Browser Rendering), not in the Worker: it measures what a
// visitor sees at the current viewport and evaluates to one snapshot (src/runs/render/layout.ts).
// Kept as plain browser JavaScript and sent as source text, because a bundled function would
// carry the bundler's helpers, which do not exist in the page. Every list is capped.
(() => {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const clip = (value, max) => value.replace(/\s+/g, ' ').trim().slice(0, max);
  const round = (value) => Math.round(value);

  const shown = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    if (Number(style.opacity) === 0) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const place = (el) => {
    const rect = el.getBoundingClientRect();
    return {
      top: round(rect.top + window.scrollY),
      left: round(rect.left + window.scrollX),
      width: round(rect.width),
      height: round(rect.height),
    };
  };
  const words = (text) => (text.match(/\S+/g) || []).length;

  // Colour contrast (WCAG 2): relative luminance of rgb() colours; the background is the first
  // opaque one found walking up from the element.
  const rgb = (value) => {
    const parts = (value.match(/[\d.]+/g) || []).map(Number);
    return parts.length >= 3 ? parts : null;
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== 'none') return null;
      const colour = rgb(style.backgroundColor);
      if (colour && (colour.length < 4 || colour[3] > 0.9)) return colour;
    }
    return [255, 255, 255];
  };
  const contrast = (el) => {
    const fg = rgb(getComputedStyle(el).color);
    const bg = background(el);
    if (!fg || !bg) return null;
    const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    return Math.min(21, Math.max(1, Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10));
  };

  // Actions: real buttons, and links styled or named as buttons.
  const buttonish = (el) => {
    if (el.matches('button, input[type=submit], input[type=button], [role=button]')) return true;
    if (/\b(btn|button|cta)\b/i.test(el.className || '')) return true;
    const style = getComputedStyle(el);
    const fill = rgb(style.backgroundColor);
    const filled = fill && (fill.length < 4 || fill[3] > 0.5);
    return Boolean(filled && parseFloat(style.paddingTop) + parseFloat(style.paddingLeft) >= 8);
  };
  const actions = [];
  for (const el of document.querySelectorAll(
    'a[href], button, input[type=submit], [role=button]',
  )) {
    if (actions.length >= 30) break;
    if (!shown(el) || !buttonish(el)) continue;
    const text = clip(el.innerText || el.value || el.getAttribute('aria-label') || '', 120);
    if (!text) continue;
    actions.push({ text, ...place(el), contrast: contrast(el) });
  }
  actions.sort((a, b) => a.top - b.top || a.left - b.left);

  let smallTargets = 0;
  for (const el of document.querySelectorAll('a[href], button, input, select, [role=button]')) {
    if (!shown(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width < 44 || rect.height < 44) smallTargets += 1;
  }

  // The headline: the first visible h1, else the largest text in the first screen.
  let headline = null;
  const h1 = [...document.querySelectorAll('h1')].find(shown);
  const candidates = h1 ? [h1] : [...document.querySelectorAll('h2, h3, p, div, span')];
  let size = 0;
  for (const el of candidates.slice(0, 2000)) {
    if (!shown(el) || !clip(el.innerText || '', 1)) continue;
    const at = place(el);
    const fontSize = parseFloat(getComputedStyle(el).fontSize) || 0;
    if (!h1 && (at.top > vh || fontSize <= size)) continue;
    size = fontSize;
    headline = { text: clip(el.innerText, 160), top: at.top, fontSize: round(fontSize) };
    if (h1) break;
  }

  // Body text: blocks with their length, size and line length.
  const blocks = [...document.querySelectorAll('p, li, blockquote, td')].filter(shown);
  let longestBlock = null;
  let smallWords = 0;
  let allWords = 0;
  const lineChars = [];
  for (const el of blocks.slice(0, 3000)) {
    const text = clip(el.innerText || '', 20_000);
    const count = words(text);
    if (count === 0) continue;
    const style = getComputedStyle(el);
    const fontSize = parseFloat(style.fontSize) || 16;
    allWords += count;
    if (fontSize < 14) smallWords += count;
    if (count >= 12) lineChars.push(el.getBoundingClientRect().width / (fontSize * 0.5));
    if (!longestBlock || count > longestBlock.words) {
      longestBlock = { text: clip(text, 160), words: count, top: place(el).top };
    }
  }
  lineChars.sort((a, b) => a - b);

  // What covers the first screen: media, and fixed or sticky layers (banners, dialogs).
  let media = 0;
  for (const el of document.querySelectorAll('img, video, picture, svg, canvas, iframe')) {
    if (!shown(el)) continue;
    const rect = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(rect.right, vw) - Math.max(rect.left, 0));
    const h = Math.max(0, Math.min(rect.bottom, vh) - Math.max(rect.top, 0));
    media += w * h;
  }
  const overlays = [];
  for (const el of [...document.querySelectorAll('body *')].slice(0, 5000)) {
    if (overlays.length >= 10) break;
    const position = getComputedStyle(el).position;
    if ((position !== 'fixed' && position !== 'sticky') || !shown(el)) continue;
    const rect = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(rect.right, vw) - Math.max(rect.left, 0));
    const h = Math.max(0, Math.min(rect.bottom, vh) - Math.max(rect.top, 0));
    const coverage = (w * h) / (vw * vh);
    if (coverage >= 0.05) {
      overlays.push({ text: clip(el.innerText || '', 120), coverage: Math.min(1, coverage) });
    }
  }

  const root = document.documentElement;
  return {
    viewport: { width: vw, height: vh },
    screenWidth: window.screen.width,
    pageHeight: round(Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0)),
    contentWidth: round(root.scrollWidth),
    headline,
    actions,
    headings: document.querySelectorAll('h1, h2, h3, h4').length,
    longestBlock,
    lineChars: lineChars.length ? round(lineChars[Math.floor(lineChars.length / 2)]) : 0,
    smallTextShare: allWords ? smallWords / allWords : 0,
    mediaShare: Math.min(1, media / (vw * vh)),
    overlays,
    smallTargets,
    title: clip(document.title || '', 200),
    text: (document.body ? document.body.innerText : '').slice(0, 200_000),
  };
})();
