/** Lower-case, ASCII, dash-separated: `"Comment created!"` → `comment-created`. Empty when nothing is left. */
export function slugify(text: string, maxLength = 100): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** A short, stable token of a uuid (its first 16 hex digits), as Novu's slugs carry the entity id. */
function shortId(id: string): string {
  return id.replace(/-/g, '').slice(0, 16);
}

/** Novu's workflow slug shape: `<name>_wf_<id>`; unique because the id is. */
export function workflowSlug(name: string, id: string): string {
  return `${slugify(name) || 'workflow'}_wf_${shortId(id)}`;
}

/** Novu's step slug shape: `<name>_st_<id>`. */
export function stepSlug(name: string, id: string): string {
  return `${slugify(name) || 'step'}_st_${shortId(id)}`;
}

/** A step's `stepId` when the client gave none: its name, slugified (`step-<n>` for a name with no letters). */
export function defaultStepId(name: string, index: number): string {
  return slugify(name) || `step-${index + 1}`;
}
