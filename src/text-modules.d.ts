// Files the bundler imports as their text (the Text rules in wrangler.toml): the docs' markdown,
// and scripts that run inside a rendered page rather than in the Worker.
declare module '*.md' {
  const text: string;
  export default text;
}
declare module '*.page.js' {
  const source: string;
  export default source;
}
