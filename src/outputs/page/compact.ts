// Shrinks our own inlined CSS and script a little: the page budget is 50 KB raw for 4 UPSes.
// Deliberately simple (comments and layout whitespace only), because both inputs are ours.

export function compactCss(css: string): string {
  return css
    .replace(/\/\*(?!!)[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

/** Drops whole-line `//` comments and indentation; statements keep their own lines. */
export function compactScript(script: string): string {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n');
}
