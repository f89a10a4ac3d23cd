/** Strip ATT&CK's markdown from a description: citations, links, code tags and HTML. */
export function stripAttackMarkup(text: string): string {
  return text
    .replace(/\(Citation:[^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\((?:https?:\/\/[^)]*)\)/g, "$1")
    .replace(/<\/?code>/g, "")
    // Only real HTML tags: placeholders such as /proc/<pid>/maps are part of the text.
    .replace(/<\/?(?:a|b|i|p|br|em|strong|ul|ol|li|sup|sub|span|div|table|tr|td|th)\b[^>]*>/gi, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/ +([.,;:])/g, "$1")
    .trim();
}
