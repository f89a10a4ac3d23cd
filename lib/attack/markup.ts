/** Strip ATT&CK's markdown from a description: citations, links, code tags and HTML. */
export function stripAttackMarkup(text: string): string {
  return text
    .replace(/\(Citation:[^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\((?:https?:\/\/[^)]*)\)/g, "$1")
    .replace(/<\/?code>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/ +([.,;:])/g, "$1")
    .trim();
}
