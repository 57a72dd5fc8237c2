// Markdown files import as their text (the Text rule in wrangler.toml).
declare module '*.md' {
  const text: string;
  export default text;
}
