// A person's browser, emulated over plain HTTP for the OAuth pages: a cookie jar, form posts
// carrying the Origin a browser sends, and redirects followed while they stay on the site. A
// redirect that leaves the site (back to a client) is returned, not followed.

export interface Page {
  status: number;
  /** The address of the page shown (after same-site redirects). */
  url: string;
  html: string;
  headers: Headers;
  /** Where an off-site redirect pointed, or null when the site answered with a page. */
  location: string | null;
}

export type Fields = Record<string, string | string[]>;

export class HttpBrowser {
  private readonly jar = new Map<string, string>();

  constructor(readonly origin: string) {}

  /** A copy with the same cookies, as an attacker who captured them would hold. */
  fork(): HttpBrowser {
    const copy = new HttpBrowser(this.origin);
    for (const [name, value] of this.jar) copy.jar.set(name, value);
    return copy;
  }

  get(url: string): Promise<Page> {
    return this.visit(new URL(url, this.origin), { method: 'GET' });
  }

  /**
   * Submits a form shown on this site, or as another page would: `from` is the Origin sent
   * (null: none), `headers` any others (Sec-Fetch-Site).
   */
  post(
    url: string,
    fields: Fields,
    { from = this.origin, headers = {} }: { from?: string | null; headers?: HeadersInit } = {},
  ): Promise<Page> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    const sent = new Headers(headers);
    sent.set('Content-Type', 'application/x-www-form-urlencoded');
    if (from !== null) sent.set('Origin', from);
    return this.visit(new URL(url, this.origin), { method: 'POST', body, headers: sent });
  }

  private async visit(url: URL, init: RequestInit): Promise<Page> {
    for (let hop = 0; hop < 10; hop += 1) {
      const headers = new Headers(init.headers);
      const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (cookie) headers.set('Cookie', cookie);
      const response = await fetch(url, { ...init, headers, redirect: 'manual' });
      this.keep(response.headers.getSetCookie());
      const location = response.headers.get('Location');
      if (response.status < 300 || response.status >= 400 || !location) {
        const html = await response.text();
        return {
          status: response.status,
          url: url.href,
          html,
          headers: response.headers,
          location,
        };
      }
      const next = new URL(location, url);
      if (next.origin !== this.origin) {
        await response.body?.cancel();
        return {
          status: response.status,
          url: url.href,
          html: '',
          headers: response.headers,
          location,
        };
      }
      url = next;
      init = { method: 'GET' }; // 302 and 303 after a form: the browser GETs the new address
    }
    throw new Error(`more than 10 redirects from ${url.href}`);
  }

  /** Cookies are kept by name only: one site, and the test reads none of their attributes. */
  private keep(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const split = pair.indexOf('=');
      const name = pair.slice(0, split).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (expired) this.jar.delete(name);
      else this.jar.set(name, pair.slice(split + 1).trim());
    }
  }
}

/** The value of the hidden input `name` in a page (the first one). */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field "${name}" in the page:\n${html.slice(0, 2000)}`);
  return decodeEntities(match[1]!);
}

/** The page's first-level heading, as text. */
export function heading(html: string): string | null {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return match ? decodeEntities(match[1]!.replace(/<[^>]+>/g, '')).trim() : null;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Signs a browser in with an emailed code, read from the dev server's log. */
export async function signInWithCode(
  browser: HttpBrowser,
  email: string,
  codeFor: (email: string) => Promise<string>,
  start: Page,
): Promise<Page> {
  const returnTo = hiddenField(start.html, 'return_to');
  const codePage = await browser.post('/sign-in/email', { email, return_to: returnTo });
  if (heading(codePage.html) !== 'Check your email') {
    throw new Error(`asking for a code showed "${heading(codePage.html)}" (${codePage.status})`);
  }
  const code = await codeFor(email);
  return browser.post('/sign-in', { email, code, return_to: returnTo });
}
